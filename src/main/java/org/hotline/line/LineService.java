package org.hotline.line;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.hotline.checkin.CheckinService;
import org.hotline.checkin.LineHealth;
import org.hotline.crypto.Tokens;
import org.hotline.delivery.LinkMonitor;
import org.hotline.delivery.LinkStatus;
import org.hotline.delivery.Outbox;
import org.hotline.delivery.PeerClient;
import org.hotline.delivery.PeerRefusedException;
import org.hotline.delivery.Peers;
import org.hotline.delivery.Wire;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.protocol.Body;
import org.hotline.protocol.CallKind;
import org.hotline.protocol.DeclaredState;
import org.hotline.protocol.ScheduleProposal;
import org.hotline.protocol.Hash;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.RestoreAccept;
import org.hotline.protocol.RestoreProposal;
import org.hotline.protocol.Suspend;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.StationId;
import org.hotline.protocol.VerifyingKey;
import org.hotline.store.Draft;
import org.hotline.store.Invitation;
import org.hotline.store.LineRecord;
import org.hotline.store.LineState;
import org.hotline.store.Store;
import org.hotline.store.StoredCheckpoint;
import org.hotline.store.StoredEntry;
import org.hotline.store.StoredReceipt;
import org.hotline.text.Names;
import org.hotline.transcript.LineChains;
import org.hotline.transcript.LineSuspendedException;
import org.hotline.transcript.StoreUnavailableException;
import org.hotline.transcript.Submitted;
import org.hotline.transcript.TranscriptWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The life of lines: inviting, accepting, opening; writing messages; reading transcripts. */
public final class LineService {
    private static final Logger LOG = LoggerFactory.getLogger(LineService.class);
    public static final int MAX_PAGE = 1000;

    private final StationIdentity identity;
    private final Store store;
    private final TranscriptWriter writer;
    private final Peers peers;
    private final Outbox outbox;
    private final LinkMonitor links;
    private final PeerDirectory directory;
    private final CheckinService checkins;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration invitationTtl;

    public LineService(
            StationIdentity identity,
            Store store,
            TranscriptWriter writer,
            Peers peers,
            Outbox outbox,
            LinkMonitor links,
            PeerDirectory directory,
            CheckinService checkins,
            Clock clock,
            SecureRandom random,
            Duration invitationTtl) {
        this.identity = identity;
        this.store = store;
        this.writer = writer;
        this.peers = peers;
        this.outbox = outbox;
        this.links = links;
        this.directory = directory;
        this.checkins = checkins;
        this.clock = clock;
        this.random = random;
        this.invitationTtl = invitationTtl;
    }

    private final java.util.List<java.util.function.Consumer<LineRecord>> openedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called after a line opens, on either side of pairing: e.g. to announce our principals' keys on it. */
    public void onOpened(java.util.function.Consumer<LineRecord> listener) {
        openedListeners.add(listener);
    }

    private void opened(LineRecord line) {
        for (var listener : openedListeners) {
            try {
                listener.accept(line);
            } catch (RuntimeException e) {
                LOG.error("line {}: after opening: {}", line.name(), e.toString());
            }
        }
    }

    /** Starts delivery and heartbeats for every stored line. */
    public void startAll() {
        for (LineRecord line : store.lines()) {
            activate(line);
        }
    }

    private void activate(LineRecord line) {
        directory.addPeer(line.peerId());
        checkins.addLine(line);
        outbox.start(line);
        links.watch(line);
    }

    public StationIdentity identity() {
        return identity;
    }

    // --- Pairing -------------------------------------------------------------------------------

    public IssuedInvitation invite(String lineName, Optional<Duration> ttl) {
        return invite(lineName, ttl, Optional.empty());
    }

    /** Invites, and if a schedule is given, proposes it as soon as the line opens. */
    public IssuedInvitation invite(String lineName, Optional<Duration> ttl, Optional<ScheduleRequest> schedule) {
        checkName(lineName);
        // Checked now, with a stand-in peer, so a bad schedule fails the invitation, not the pairing.
        schedule.ifPresent(request -> proposal(identity.id(), request));
        String scheduleJson;
        try {
            scheduleJson = schedule.isPresent() ? Wire.JSON.writeValueAsString(schedule.get()) : null;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (store.lineByName(lineName).isPresent()) {
            throw new HotlineException(ErrorCode.CONFLICT, "a line named '" + lineName + "' already exists");
        }
        Duration validity = ttl.orElse(invitationTtl);
        if (validity.compareTo(Duration.ofMinutes(1)) < 0 || validity.compareTo(Duration.ofDays(30)) > 0) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "an invitation is valid for between a minute and 30 days");
        }
        Instant now = clock.instant();
        LineId line = LineId.random(random);
        String secret = Tokens.newSecret(random, "");
        Instant expires = now.plus(validity);
        store.insertInvitation(new Invitation(line, lineName, Tokens.hashOf(secret), now, expires, Optional.empty(),
                Optional.ofNullable(scheduleJson)));
        InvitationCode code = new InvitationCode(identity.id(), identity.name(), identity.advertise(), line, lineName, secret, expires);
        LOG.info("invitation for line {} issued, valid until {}", lineName, expires);
        return new IssuedInvitation(code.encode(), line.value(), lineName, identity.id().display(), identity.advertise().toString(), expires);
    }

    /** Connects to the inviting station, pinned to its id, and shows who it is. Changes nothing. */
    public InvitationPreview preview(String invitation) {
        InvitationCode code = decode(invitation);
        try (PeerClient client = clientFor(code)) {
            PeerClient.Introduction introduction = client.hello();
            return new InvitationPreview(code.station().display(), peerName(code, introduction), code.address().toString(), code.lineName(),
                    code.expires());
        } catch (IOException e) {
            throw unreachable(code, e);
        } catch (PeerRefusedException e) {
            throw new HotlineException(ErrorCode.PEER_REFUSED, e.getMessage(), e);
        }
    }

    /** Redeems the invitation at the inviting station, then opens the line here too. */
    public LineSummary accept(String invitation, Optional<String> localName) {
        InvitationCode code = decode(invitation);
        String name = checkName(localName.orElse(code.lineName()));
        if (store.lineByName(name).isPresent()) {
            throw new HotlineException(ErrorCode.CONFLICT, "a line named '" + name + "' already exists here; accept with another name");
        }
        if (store.line(code.line()).isPresent()) {
            throw new HotlineException(ErrorCode.CONFLICT, "this invitation's line is already open here");
        }
        if (code.station().equals(identity.id())) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "this invitation was issued by this very station");
        }
        if (!clock.instant().isBefore(code.expires())) {
            throw new HotlineException(ErrorCode.INVITATION_INVALID, "the invitation expired at " + code.expires() + "; ask for a new one");
        }
        try (PeerClient client = clientFor(code)) {
            PeerClient.Introduction introduction = client.hello();
            String peerName = peerName(code, introduction);
            Wire.PairResponse response = client.pair(new Wire.PairRequest(
                    code.line().value(), code.secret(), identity.name(), identity.advertise().toString()));
            if (!response.line().equals(code.line().value())) {
                throw new HotlineException(ErrorCode.PEER_REFUSED, "peer opened another line than invited");
            }
            LineRecord line = new LineRecord(code.line(), name, code.station(), peerName, introduction.key(),
                    code.address().toString(), LineState.OPEN, Optional.empty(), clock.instant());
            store.insertLine(line);
            activate(line);
            LOG.info("line {} opened with {} ({})", name, peerName, code.station().display());
            opened(line);
            return summary(line);
        } catch (IOException e) {
            throw unreachable(code, e);
        } catch (PeerRefusedException e) {
            ErrorCode errorCode = e.status() == 410 ? ErrorCode.INVITATION_INVALID : ErrorCode.PEER_REFUSED;
            throw new HotlineException(errorCode, e.refusal().reason(), e);
        }
    }

    /**
     * The inviting side of pairing: the stranger proved it holds the invitation's secret, so the
     * line opens with the key its TLS certificate presented.
     */
    public Wire.PairResponse openInvited(Wire.PairRequest request, VerifyingKey peerKey) {
        LineId lineId;
        try {
            lineId = new LineId(request.line());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "pair request names no valid line");
        }
        Invitation invitation = store.invitation(lineId)
                .orElseThrow(() -> new HotlineException(ErrorCode.INVITATION_INVALID, "no such invitation"));
        if (request.secret() == null || !Tokens.hashOf(request.secret()).equals(invitation.secretHash())) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "the invitation secret is wrong");
        }
        Instant now = clock.instant();
        if (invitation.usedAt().isPresent()) {
            throw new HotlineException(ErrorCode.INVITATION_INVALID, "the invitation was already used");
        }
        if (!now.isBefore(invitation.expiresAt())) {
            throw new HotlineException(ErrorCode.INVITATION_INVALID, "the invitation expired at " + invitation.expiresAt());
        }
        String peerName;
        try {
            peerName = Names.station(request.name() == null ? "" : request.name().strip());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "pair request: " + e.getMessage());
        }
        org.hotline.config.Address address;
        try {
            address = org.hotline.config.Address.parse(request.address() == null ? "" : request.address());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "pair request address: " + e.getMessage());
        }
        StationId peer = peerKey.stationId();
        if (peer.equals(identity.id())) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "a station cannot open a line to itself");
        }
        LineRecord line = new LineRecord(lineId, invitation.lineName(), peer, peerName, peerKey, address.toString(),
                LineState.OPEN, Optional.empty(), now);
        if (!store.redeemInvitation(lineId, peer, now, line)) {
            throw new HotlineException(ErrorCode.INVITATION_INVALID, "the invitation was already used");
        }
        activate(line);
        LOG.info("line {} opened by {} ({})", line.name(), peerName, peer.display());
        opened(line);
        invitation.schedule().ifPresent(json -> {
            try {
                checkins.propose(line, proposal(peer, Wire.JSON.readValue(json, ScheduleRequest.class)));
            } catch (java.io.IOException | RuntimeException e) {
                LOG.error("line {}: could not propose the schedule given with the invitation: {}", line.name(), e.getMessage());
            }
        });
        return new Wire.PairResponse(lineId.value(), identity.name());
    }

    /**
     * The name the inviting station gave in its hello, if it is a valid station name. It is the
     * peer's claim, so a name that could hide or fake a line of output is refused; the refusal
     * names the proven station id first and shows the name neutralised.
     */
    private static String peerName(InvitationCode code, PeerClient.Introduction introduction) {
        try {
            return Names.station(introduction.name() == null ? "" : introduction.name());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.PEER_REFUSED, "station " + code.station().display() + " sent a name that is not allowed ("
                    + e.getMessage() + "); the line was not opened");
        }
    }

    private static String checkName(String name) {
        try {
            return LineNames.check(name);
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private InvitationCode decode(String invitation) {
        if (invitation == null || invitation.isBlank()) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "no invitation given");
        }
        try {
            return InvitationCode.decode(invitation);
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private PeerClient clientFor(InvitationCode code) {
        try {
            return new PeerClient(peers.certificate(), code.station(), code.address());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HotlineException unreachable(InvitationCode code, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (detail.contains("not a pinned peer") || e instanceof javax.net.ssl.SSLHandshakeException) {
            return new HotlineException(ErrorCode.PEER_REFUSED, "TLS handshake with " + code.address()
                    + " failed: the station there is not " + code.station().display() + " or refused us (" + detail + ")", e);
        }
        if (e instanceof org.hotline.delivery.BoundedBody.TooLargeException || e instanceof org.hotline.delivery.BoundedBody.TooSlowException
                || e instanceof org.hotline.delivery.UnacceptableAnswerException) {
            // It answered, but not as a station does: nothing of it is believed, and no line opens.
            return new HotlineException(ErrorCode.PEER_REFUSED, "the inviting station at " + code.address()
                    + " sent an answer we do not read: " + detail, e);
        }
        return new HotlineException(ErrorCode.PEER_UNREACHABLE, "cannot reach the inviting station at " + code.address() + ": " + detail, e);
    }

    // --- Messages and transcripts ---------------------------------------------------------------

    public LineRecord resolve(String reference) {
        Optional<LineRecord> byName = store.lineByName(reference);
        if (byName.isPresent()) {
            return byName.get();
        }
        try {
            return store.line(new LineId(reference))
                    .orElseThrow(() -> notFound(reference));
        } catch (IllegalArgumentException e) {
            throw notFound(reference);
        }
    }

    private static HotlineException notFound(String reference) {
        String shown = reference.length() > 64 ? reference.substring(0, 64) + "..." : reference;
        return new HotlineException(ErrorCode.NOT_FOUND, "no line named '" + shown + "'; see `hotline lines`");
    }

    /** Writes a message: into the chain if the line is open, else it waits, durably, until a restore. */
    public Submitted submit(String lineReference, Message message) {
        return submit(lineReference, message, Optional.empty());
    }

    /**
     * As {@link #submit(String, Message)}; with a request key, a repeat of the same request (a
     * client's retry after a lost answer) gets the first outcome and writes nothing more.
     */
    public Submitted submit(String lineReference, Message message, Optional<String> requestKey) {
        LineRecord line = resolve(lineReference);
        if (line.flag().isPresent()) {
            LOG.warn("writing on flagged line {}: {}", line.name(), line.flag().get());
        }
        return await(requestKey.isPresent() ? writer.submit(line.id(), message, requestKey.get()) : writer.submit(line.id(), message));
    }

    /** Writes a message on a line that must be open; on a suspended line it fails and stores nothing. */
    public SignedEntry send(String lineReference, Message message) {
        return switch (await(writer.submitNow(resolve(lineReference).id(), message))) {
            case Submitted.Written written -> written.entry();
            case Submitted.Waiting waiting -> throw new IllegalStateException("submitNow never drafts");
        };
    }

    // --- Cut and restore -----------------------------------------------------------------------

    /** Cuts the line: announced (the peer is told at once) or silent (the peer just stops hearing from us). */
    public SignedEntry suspend(String lineReference, boolean silent, String reason) {
        LineRecord line = resolve(lineReference);
        DeclaredState declared = writer.chains(line.id()).declared();
        if (declared.cutBy(identity.id())) {
            throw new HotlineException(ErrorCode.CONFLICT, "line " + line.name() + " is already suspended by us since "
                    + declared.since().map(Object::toString).orElse("?"));
        }
        SignedEntry entry = await(writer.append(line.id(), new Suspend(!silent, reason == null ? "" : reason.strip())));
        LOG.warn("line {} suspended by us{}", line.name(), silent ? " (silently)" : "");
        return entry;
    }

    /** Proposes to restore a suspended line; either side may, including the one that cut it silently. */
    public SignedEntry proposeRestore(String lineReference, String note) {
        LineRecord line = resolve(lineReference);
        DeclaredState declared = writer.chains(line.id()).declared();
        switch (declared.phase()) {
            case OPEN -> throw new HotlineException(ErrorCode.CONFLICT, "line " + line.name() + " is open; there is nothing to restore");
            case RESTORE_PROPOSED -> throw new HotlineException(ErrorCode.CONFLICT,
                    declared.proposedBy().map(identity.id()::equals).orElse(false)
                            ? "we already proposed to restore line " + line.name() + "; the other side must accept"
                            : "the other side already proposed to restore line " + line.name() + "; accept it with `hotline restore accept "
                                    + line.name() + "`");
            case SUSPENDED -> {
                // nothing in the way
            }
        }
        return await(writer.append(line.id(), new RestoreProposal(note == null ? "" : note.strip())));
    }

    /** Accepts the other side's restore proposal: the line opens and waiting entries drain in order. */
    public SignedEntry acceptRestore(String lineReference) {
        LineRecord line = resolve(lineReference);
        DeclaredState declared = writer.chains(line.id()).declared();
        if (declared.phase() != DeclaredState.Phase.RESTORE_PROPOSED || declared.proposedBy().map(identity.id()::equals).orElse(true)) {
            throw new HotlineException(ErrorCode.CONFLICT, "the other side has not proposed to restore line " + line.name()
                    + " (state: " + declared.describe() + ")");
        }
        SignedEntry entry = await(writer.append(line.id(), new RestoreAccept(declared.proposalSeq())));
        LOG.info("line {} restored", line.name());
        return entry;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProtocolException protocol) {
                ErrorCode code = protocol.reason() == ProtocolException.Reason.TOO_LARGE ? ErrorCode.TOO_LARGE : ErrorCode.BAD_REQUEST;
                throw new HotlineException(code, protocol.getMessage(), protocol);
            }
            if (cause instanceof LineSuspendedException suspended) {
                throw new HotlineException(ErrorCode.CONFLICT, suspended.getMessage(), suspended);
            }
            if (cause instanceof org.hotline.transcript.RequestKeyReusedException reused) {
                throw new HotlineException(ErrorCode.CONFLICT, reused.getMessage(), reused);
            }
            if (cause instanceof StoreUnavailableException store) {
                throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, store.getMessage(), store);
            }
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, String.valueOf(cause.getMessage()), cause);
        }
    }

    public List<LineSummary> summaries() {
        List<LineSummary> summaries = new ArrayList<>();
        for (LineRecord line : store.lines()) {
            summaries.add(summary(line));
        }
        return summaries;
    }

    /** The summary of a line record as just read from the store (its flag is taken from it). */
    public LineSummary summary(LineRecord line) {
        LineChains chains = writer.chains(line.id());
        LinkStatus link = links.status(line.id());
        Optional<StoredCheckpoint> checkpoint = store.latestCheckpoint(line.id());
        DeclaredState declared = chains.declared();
        LineHealth health = checkins.health(line.id());
        java.util.function.Function<org.hotline.protocol.StationId, String> name =
                station -> station.equals(identity.id()) ? identity.name() : line.peerName();
        return new LineSummary(
                line.id().value(),
                line.name(),
                line.peerId().display(),
                line.peerName(),
                line.peerAddress(),
                declared.phase().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                declared.silent(),
                declared.suspendedBy().map(name),
                declared.since(),
                declared.phase() == DeclaredState.Phase.OPEN || declared.reason().isBlank() ? Optional.empty() : Optional.of(declared.reason()),
                declared.proposedBy().map(name),
                link.up(),
                link.lastContact(),
                link.roundTrip().map(d -> d.toNanos() / 1000),
                link.lastError(),
                health.schedule(),
                health.nextCall(),
                health.weCallNext(),
                health.lastAnsweredCall(),
                health.lastAnswerLatency().map(java.time.Duration::toMillis),
                health.missedStreak(),
                health.ringing(),
                chains.own().seq(),
                chains.peer().seq(),
                chains.queued(),
                checkpoint.map(c -> c.checkpoint().displayDigest()),
                line.flag(),
                line.openedAt());
    }

    public TranscriptPage transcript(String lineReference, long after, int limit) {
        LineRecord line = resolve(lineReference);
        if (after < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "after must be ≥ 0 and limit 1-" + MAX_PAGE);
        }
        LineChains chains = writer.chains(line.id());
        List<StoredEntry> entries = store.transcript(line.id(), after, limit);
        List<EntryView> views = new ArrayList<>(entries.size());
        for (StoredEntry stored : entries) {
            views.add(view(line, stored, chains));
        }
        long last = entries.isEmpty() ? after : entries.getLast().position();
        Optional<TranscriptPage.CheckpointView> checkpoint = store.latestCheckpoint(line.id()).map(c -> new TranscriptPage.CheckpointView(
                c.checkpoint().displayDigest(),
                c.checkpoint().headOf(identity.id()).seq(),
                c.checkpoint().headOf(line.peerId()).seq(),
                c.agreedAt()));
        List<TranscriptPage.WaitingView> waiting = new ArrayList<>();
        for (Draft draft : store.drafts(line.id(), TranscriptPage.MAX_WAITING)) {
            waiting.add(switch (draft.body()) {
                case Message message -> new TranscriptPage.WaitingView(draft.seq(), message.type(), message.text(),
                        Optional.of(message.priority().wireName()), Optional.of(message.lang()), draft.writtenAt());
                case Body other -> new TranscriptPage.WaitingView(draft.seq(), other.type(), EntryDescriptions.describe(other),
                        Optional.empty(), Optional.empty(), draft.writtenAt());
            });
        }
        long waitingCount = waiting.size() < TranscriptPage.MAX_WAITING ? waiting.size() : store.draftCount(line.id()).waiting();
        return new TranscriptPage(line.name(), views, last, checkpoint, waiting, waitingCount);
    }

    private EntryView view(LineRecord line, StoredEntry stored, LineChains chains) {
        SignedEntry signed = stored.signed();
        boolean mine = signed.entry().author().equals(identity.id());
        String delivery;
        Optional<Instant> receiptAt = Optional.empty();
        if (!mine) {
            delivery = "received";
        } else if (signed.entry().seq() <= chains.acknowledged()) {
            delivery = "delivered";
            receiptAt = store.receiptCovering(line.id(), signed.entry().seq()).map(StoredReceipt::receivedAt);
        } else {
            delivery = "queued";
        }
        Optional<String> text = Optional.empty();
        Optional<String> priority = Optional.empty();
        Optional<String> lang = Optional.empty();
        if (signed.entry().body() instanceof Message message) {
            text = Optional.of(message.text());
            priority = Optional.of(message.priority().wireName());
            lang = Optional.of(message.lang());
        } else {
            text = Optional.of(EntryDescriptions.describe(signed.entry().body()));
        }
        return new EntryView(
                stored.position(),
                mine ? identity.name() : line.peerName(),
                mine,
                signed.entry().seq(),
                signed.hash().hex(),
                signed.entry().body().type(),
                signed.entry().at(),
                stored.storedAt(),
                text,
                priority,
                lang,
                delivery,
                receiptAt);
    }

    // --- Check-in calls ---------------------------------------------------------------------------

    /** Proposes a check-in schedule; it applies once the other station agrees (it does so by itself). */
    public void schedule(String lineReference, ScheduleRequest request) {
        LineRecord line = resolve(lineReference);
        checkins.propose(line, proposal(line.peerId(), request));
    }

    private ScheduleProposal proposal(StationId peer, ScheduleRequest request) {
        if (request == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "no schedule given");
        }
        try {
            CallKind kind = CallKind.parse(request.kind() == null ? "link-test" : request.kind());
            java.time.Duration window = java.time.Duration.ofSeconds(request.windowSeconds() == null
                    ? org.hotline.checkin.Schedule.DEFAULT_ANSWER_WINDOW.toSeconds() : request.windowSeconds());
            String caller = switch (request.caller() == null ? "us" : request.caller()) {
                case "us" -> identity.id().value();
                case "peer" -> peer.value();
                case "alternate" -> ScheduleProposal.ALTERNATE;
                default -> throw new IllegalArgumentException("caller is us, peer or alternate, got '" + request.caller() + "'");
            };
            List<String> crons;
            String zone;
            if (request.times() != null) {
                if (request.crons() != null || request.zone() != null) {
                    throw new IllegalArgumentException("give either times, or crons with a zone, not both");
                }
                org.hotline.checkin.Schedule parsed = org.hotline.checkin.Schedule.fromText(request.times(),
                        org.hotline.checkin.CallerRule.ALTERNATE, kind, window, clock.instant());
                crons = parsed.crons();
                zone = parsed.zone().getId();
            } else {
                if (request.crons() == null || request.zone() == null) {
                    throw new IllegalArgumentException("give times (e.g. \"09:00,17:00 mon-fri Asia/Seoul\"), or crons with a zone");
                }
                crons = request.crons();
                zone = request.zone();
            }
            ScheduleProposal proposal = new ScheduleProposal(crons, zone, caller, kind, window, clock.instant());
            org.hotline.checkin.Schedules.of(proposal);
            return proposal;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "schedule: " + e.getMessage());
        }
    }

    public List<org.hotline.checkin.RingingCall> ringing() {
        return checkins.ringing();
    }

    /** An operator answers the call ringing on the line. */
    public void answer(String lineReference, String operator) {
        checkins.answerRinging(resolve(lineReference), operator);
    }

    /** The line's timeline: opened, schedules, calls answered and missed (folded), cuts and restores. */
    public List<HistoryItem> history(String lineReference) {
        LineRecord line = resolve(lineReference);
        List<org.hotline.protocol.Entry> entries = store.entriesOfTypes(line.id(), LineHistory.TYPES).stream()
                .map(stored -> stored.signed().entry())
                .toList();
        return LineHistory.of(line.openedAt(), line.peerName(), identity.id(), line.peerId(), entries,
                author -> author.equals(identity.id()) ? identity.name() : line.peerName());
    }

    /** The line's transcript as an auditor's bundle, for `hotline verify`. */
    public org.hotline.protocol.TranscriptBundle export(String lineReference) {
        return TranscriptExport.bundle(store, identity.name(), identity.key(), resolve(lineReference));
    }

    /** The committed heads of a line: cheap, from memory; for polling by the demo and benchmark. */
    public LineChains chains(String lineReference) {
        return writer.chains(resolve(lineReference).id());
    }

    /** Exposed for tests and export: the hash at a seq of an author's chain. */
    public Optional<Hash> entryHash(LineId line, StationId author, long seq) {
        return store.entryHash(line, author, seq);
    }
}
