package org.hotline.statement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.time.TimeText;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.line.StationIdentity;
import org.hotline.protocol.Cosign;
import org.hotline.protocol.Hash;
import org.hotline.protocol.JointStatement;
import org.hotline.protocol.PrincipalKey;
import org.hotline.protocol.StatementDraft;
import org.hotline.transcript.Submitted;
import org.hotline.transcript.TranscriptWriter;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.Statement;
import org.hotline.protocol.VerifyingKey;
import org.hotline.store.LineRecord;
import org.hotline.store.PrincipalKeyRecord;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;
import org.hotline.text.Printable;
import org.hotline.user.Principals;

/**
 * The station's public statements. A principal's client signs a statement; the station attaches
 * what a reader needs to check it offline (its own key and the principal's key history from a
 * transcript), verifies the whole document as a reader would, stores it, and serves it on the
 * public Atom and JSON feeds.
 */
public final class Statements {
    public static final int FEED_SIZE = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Principals principals;
    private final StationIdentity identity;
    private final TranscriptWriter writer;
    private final java.time.Clock clock;

    public Statements(Store store, Principals principals, StationIdentity identity, TranscriptWriter writer, java.time.Clock clock) {
        this.store = store;
        this.principals = principals;
        this.identity = identity;
        this.writer = writer;
        this.clock = clock;
    }

    // --- Joint statements ----------------------------------------------------------------------

    /** A draft on the line, with who has co-signed it. */
    public record DraftView(String hash, boolean mine, long seq, String title, String lang, String text, String textHash, List<String> cosigned) {}

    /** Proposes the text of a joint statement on the line. */
    public SignedEntry draft(LineRecord line, String title, String lang, String text) {
        StatementDraft draft;
        try {
            draft = new StatementDraft(title, lang, text);
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        return written(line, draft);
    }

    public List<DraftView> drafts(LineRecord line) {
        List<SignedEntry> drafts = new ArrayList<>();
        Map<Hash, List<String>> cosigned = new java.util.HashMap<>();
        for (StoredEntry stored : store.entriesOfTypes(line.id(), Set.of(StatementDraft.TYPE, Cosign.TYPE))) {
            SignedEntry signed = stored.signed();
            switch (signed.entry().body()) {
                case StatementDraft draft -> drafts.add(signed);
                case Cosign cosign -> cosigned.computeIfAbsent(cosign.draft(), k -> new ArrayList<>()).add(cosign.principal() + " ("
                        + (signed.entry().author().equals(identity.id()) ? identity.name() : line.peerName()) + ")");
                default -> {
                    // only the two types were asked for
                }
            }
        }
        List<DraftView> views = new ArrayList<>();
        for (SignedEntry signed : drafts) {
            StatementDraft draft = (StatementDraft) signed.entry().body();
            views.add(new DraftView(signed.hash().hex(), signed.entry().author().equals(identity.id()), signed.entry().seq(), draft.title(),
                    draft.lang(), draft.text(), draft.textHash(line.id()).hex(), cosigned.getOrDefault(signed.hash(), List.of())));
        }
        return views;
    }

    /** Our principal co-signs a draft: the signature over its text hash was made by the principal's client. */
    public SignedEntry cosign(LineRecord line, Hash draftHash, String principal, VerifyingKey key, String signature) {
        SignedEntry draftEntry = store.entriesOfTypes(line.id(), Set.of(StatementDraft.TYPE)).stream().map(StoredEntry::signed)
                .filter(signed -> signed.hash().equals(draftHash)).findFirst()
                .orElseThrow(() -> new HotlineException(ErrorCode.NOT_FOUND, "no statement draft " + draftHash.hex().substring(0, 12)
                        + " on line " + line.name()));
        PrincipalKeyRecord current = principals.ours().stream().filter(k -> k.name().equals(principal)).findFirst()
                .orElseThrow(() -> new HotlineException(ErrorCode.BAD_REQUEST, principal + " is not a principal of ours with keys"));
        if (!current.signing().equals(key)) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the co-signature is made with a key that is not " + principal + "'s current one");
        }
        boolean already = store.entriesOfTypes(line.id(), Set.of(Cosign.TYPE)).stream().map(StoredEntry::signed)
                .anyMatch(signed -> signed.entry().author().equals(identity.id()) && ((Cosign) signed.entry().body()).draft().equals(draftHash));
        if (already) {
            throw new HotlineException(ErrorCode.CONFLICT, "our side has already co-signed this draft");
        }
        Hash textHash = ((StatementDraft) draftEntry.entry().body()).textHash(line.id());
        // The anchor of the principal's key history on this line: our latest key entry for them.
        Hash keys = store.entriesOfTypes(line.id(), Set.of(PrincipalKey.TYPE)).stream().map(StoredEntry::signed)
                .filter(signed -> signed.entry().author().equals(identity.id()) && ((PrincipalKey) signed.entry().body()).name().equals(principal))
                .max(java.util.Comparator.comparingLong(signed -> signed.entry().seq())).map(SignedEntry::hash)
                .orElseThrow(() -> new HotlineException(ErrorCode.CONFLICT, principal + "'s keys are not announced on line " + line.name()
                        + " yet, so no reader could check the co-signature"));
        Cosign cosign;
        try {
            cosign = new Cosign(draftHash, textHash, principal, key, signature, Optional.of(keys));
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        if (!cosign.verifies()) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the co-signature does not verify over the draft's text hash " + textHash.hex());
        }
        return written(line, cosign);
    }

    private SignedEntry written(LineRecord line, org.hotline.protocol.Body body) {
        try {
            return switch (writer.submitNow(line.id(), body).get()) {
                case Submitted.Written written -> written.entry();
                case Submitted.Waiting waiting -> throw new IllegalStateException("submitNow never drafts");
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.hotline.transcript.LineSuspendedException suspended) {
                throw new HotlineException(ErrorCode.CONFLICT, suspended.getMessage(), suspended);
            }
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }

    /** Every draft on every line that a principal of each side has co-signed, as a verified document. */
    public List<JointStatement> joint() {
        List<JointStatement> joint = new ArrayList<>();
        for (LineRecord line : store.lines()) {
            List<SignedEntry> entries = store.entriesOfTypes(line.id(), Set.of(StatementDraft.TYPE, Cosign.TYPE, PrincipalKey.TYPE)).stream()
                    .map(StoredEntry::signed).toList();
            for (SignedEntry draft : entries) {
                if (!(draft.entry().body() instanceof StatementDraft)) {
                    continue;
                }
                Optional<SignedEntry> ours = firstCosign(entries, draft.hash(), identity.id());
                Optional<SignedEntry> theirs = firstCosign(entries, draft.hash(), line.peerId());
                if (ours.isEmpty() || theirs.isEmpty()) {
                    continue;
                }
                VerifyingKey draftKey = draft.entry().author().equals(identity.id()) ? identity.key().verifyingKey() : line.peerKey();
                JointStatement statement = new JointStatement(Statement.Quote.of(draft, draftKey), List.of(
                        party(identity.name(), identity.key().verifyingKey(), ours.get(), entries),
                        party(line.peerName(), line.peerKey(), theirs.get(), entries)));
                try {
                    statement.verify();
                    joint.add(statement);
                } catch (ProtocolException e) {
                    org.slf4j.LoggerFactory.getLogger(Statements.class).warn("line {}: joint statement {} does not verify: {}", line.name(),
                            draft.hash().hex().substring(0, 12), e.getMessage());
                }
            }
        }
        return joint;
    }

    private static Optional<SignedEntry> firstCosign(List<SignedEntry> entries, Hash draft, org.hotline.protocol.StationId author) {
        return entries.stream().filter(e -> e.entry().author().equals(author) && e.entry().body() instanceof Cosign c && c.draft().equals(draft))
                .min(java.util.Comparator.comparingLong(e -> e.entry().seq()));
    }

    private static JointStatement.Party party(String name, VerifyingKey key, SignedEntry cosign, List<SignedEntry> entries) {
        String principal = ((Cosign) cosign.entry().body()).principal();
        List<Statement.Quote> history = entries.stream().filter(e -> e.entry().author().equals(cosign.entry().author())
                && e.entry().body() instanceof PrincipalKey k && k.name().equals(principal)).map(e -> Statement.Quote.of(e, key)).toList();
        return new JointStatement.Party(name, key, Statement.Quote.of(cosign, key), history);
    }

    /** Publishes a statement our principal signed; answers the whole document as stored. */
    public Statement publish(String principal, VerifyingKey signer, String title, String lang, Instant published, String text,
            List<Statement.Quote> quotes, String signature) {
        PrincipalKeyRecord current = principals.ours().stream().filter(key -> key.name().equals(principal)).findFirst()
                .orElseThrow(() -> new HotlineException(ErrorCode.BAD_REQUEST, principal + " is not a principal of ours with keys"));
        if (!current.signing().equals(signer)) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the statement is signed with a key that is not " + principal
                    + "'s current one (" + current.fingerprint() + ")");
        }
        Statement statement;
        try {
            statement = new Statement(identity.id(), identity.name(), identity.key().verifyingKey(), principal, signer, title, lang,
                    published, text, quotes, signature, keyHistory(principal, signer)).attested(identity.key());
            statement.verify();
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        } catch (ProtocolException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the statement does not verify: " + e.getMessage());
        }
        if (!store.insertStatement(statement.id().hex(), statement.published(), statement.encode())) {
            throw new HotlineException(ErrorCode.CONFLICT, "this statement is already published");
        }
        return statement;
    }

    /** Our chain's principal-key entries for the principal, from the line whose history reaches the signing key and is longest. */
    private List<Statement.Quote> keyHistory(String principal, VerifyingKey signer) {
        List<Statement.Quote> best = List.of();
        for (LineRecord line : store.lines()) {
            List<Statement.Quote> history = new ArrayList<>();
            boolean reachesSigner = false;
            for (StoredEntry stored : store.entriesOfTypes(line.id(), Set.of(PrincipalKey.TYPE))) {
                SignedEntry signed = stored.signed();
                if (signed.entry().author().equals(identity.id()) && signed.entry().body() instanceof PrincipalKey key
                        && key.name().equals(principal)) {
                    history.add(Statement.Quote.of(signed, identity.key().verifyingKey()));
                    reachesSigner |= key.signing().equals(signer);
                }
            }
            if (reachesSigner && history.size() > best.size()) {
                best = history;
            }
        }
        if (best.isEmpty()) {
            throw new HotlineException(ErrorCode.CONFLICT, principal + "'s current keys are in no transcript yet, so no reader could check"
                    + " the statement: open a line first (the keys are announced on it)");
        }
        return best;
    }

    public List<Statement> recent() {
        List<Statement> statements = new ArrayList<>();
        for (byte[] document : store.statements(FEED_SIZE)) {
            try {
                statements.add(Statement.decode(document));
            } catch (ProtocolException e) {
                throw new IllegalStateException("a stored statement does not decode: " + e.getMessage(), e);
            }
        }
        return statements;
    }

    public Optional<byte[]> document(String id) {
        Optional<byte[]> own = store.statement(id);
        if (own.isPresent()) {
            return own;
        }
        for (JointStatement statement : joint()) {
            try {
                if (statement.verify().textHash().hex().equals(id)) {
                    return Optional.of(statement.encode());
                }
            } catch (ProtocolException e) {
                // joint() only returns statements that verify
            }
        }
        return Optional.empty();
    }

    /**
     * An entry's links: the statement as a reader reads it (what a feed reader opens), and the
     * signed document beside it for {@code hotline verify}.
     */
    private static List<SyndLink> links(String base, String id) {
        SyndLink readable = new SyndLinkImpl();
        readable.setRel("alternate");
        readable.setType("text/plain");
        readable.setHref(base + "/statements/" + id + "/text");
        SyndLink signed = new SyndLinkImpl();
        signed.setRel("related");
        signed.setType("application/json");
        signed.setTitle("the signed document: check it with hotline verify");
        signed.setHref(base + "/statements/" + id);
        return List.of(readable, signed);
    }

    /**
     * A statement (or joint statement) as a person reads it, in plain text: title, who signed it and
     * when, the text, and where the signed document is. Every character the signer chose that could
     * act on a terminal or a page is shown as a visible escape.
     */
    public Optional<String> readable(String id, String base) {
        for (Statement statement : recent()) {
            if (statement.id().hex().equals(id)) {
                return Optional.of(page(statement.title(), statement.principal() + " of " + statement.stationName(), statement.published(),
                        statement.text(), base + "/statements/" + id));
            }
        }
        for (JointStatement statement : joint()) {
            JointStatement.Report report = verified(statement);
            if (report.textHash().hex().equals(id)) {
                return Optional.of(page(report.text().title(), String.join(" and ", report.signers()), report.cosigned(), report.text().text(),
                        base + "/statements/" + id));
            }
        }
        return Optional.empty();
    }

    private static String page(String title, String signers, Instant at, String text, String document) {
        return Printable.line(title) + "\n\n" + "Signed by " + Printable.line(signers) + ", " + TimeText.exact(at) + "\n\n"
                + Printable.text(text) + "\n\n" + "The signed document: " + document + "\n"
                + "Anyone can check it offline: save it and run  hotline verify FILE\n";
    }

    private static JointStatement.Report verified(JointStatement statement) {
        try {
            return statement.verify();
        } catch (ProtocolException e) {
            throw new IllegalStateException("joint() returned a statement that does not verify", e);
        }
    }

    /**
     * The Atom feed (RFC 4287) of recent statements; each entry links to its signed document. The
     * texts are shown through {@link Printable}: a statement may hold characters that XML 1.0
     * forbids (ESC, vertical tab) or that a reader would act on (bidi overrides), and one such
     * statement must not break the feed for everyone. The exact signed text is in the linked
     * document and in the JSON feed.
     */
    public String atom(String base) {
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType("atom_1.0");
        feed.setTitle(identity.name() + ": statements");
        feed.setDescription("Public statements of " + identity.name() + ", each signed by a principal; verify with hotline verify");
        feed.setUri("urn:hotline:station:" + identity.id().value());
        SyndLink self = new SyndLinkImpl();
        self.setRel("self");
        self.setType("application/atom+xml");
        self.setHref(base + "/feed.atom");
        SyndLink json = new SyndLinkImpl();
        json.setRel("alternate");
        json.setType("application/feed+json");
        json.setHref(base + "/feed.json");
        feed.setLinks(List.of(self, json));
        List<Statement> statements = recent();
        // An empty feed is as new as now, not 1970: readers show "updated" and sort by it.
        feed.setPublishedDate(Date.from(TimeText.clamp(statements.isEmpty() ? clock.instant() : statements.getFirst().published())));
        List<SyndEntry> entries = new ArrayList<>();
        for (Statement statement : statements) {
            SyndEntry entry = new SyndEntryImpl();
            entry.setUri("urn:hotline:statement:" + statement.id().hex());
            entry.setTitle(Printable.line(statement.title()));
            entry.setAuthor(Printable.line(statement.principal() + ", " + statement.stationName()));
            entry.setPublishedDate(Date.from(TimeText.clamp(statement.published())));
            entry.setUpdatedDate(Date.from(TimeText.clamp(statement.published())));
            SyndContent content = new SyndContentImpl();
            content.setType("text");
            content.setValue(Printable.text(statement.text()));
            entry.setContents(List.of(content));
            entry.setLinks(links(base, statement.id().hex()));
            entry.setLink(base + "/statements/" + statement.id().hex() + "/text");
            entries.add(entry);
        }
        for (JointStatement statement : joint()) {
            JointStatement.Report report = verified(statement);
            SyndEntry entry = new SyndEntryImpl();
            entry.setUri("urn:hotline:joint-statement:" + report.textHash().hex());
            entry.setTitle(Printable.line(report.text().title()));
            entry.setAuthor(Printable.line(String.join(" and ", report.signers())));
            entry.setPublishedDate(Date.from(TimeText.clamp(report.cosigned())));
            entry.setUpdatedDate(Date.from(TimeText.clamp(report.cosigned())));
            SyndContent content = new SyndContentImpl();
            content.setType("text");
            content.setValue(Printable.text(report.text().text()));
            entry.setContents(List.of(content));
            entry.setLinks(links(base, report.textHash().hex()));
            entry.setLink(base + "/statements/" + report.textHash().hex() + "/text");
            entries.add(entry);
        }
        feed.setEntries(entries);
        try {
            return new SyndFeedOutput().outputString(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("the feed does not render: " + e.getMessage(), e);
        }
    }

    /** The same as JSON Feed 1.1, each item carrying its whole signed document under {@code _hotline}. */
    public Map<String, Object> json(String base) throws IOException {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("version", "https://jsonfeed.org/version/1.1");
        feed.put("title", identity.name() + ": statements");
        feed.put("feed_url", base + "/feed.json");
        List<Map<String, Object>> items = new ArrayList<>();
        for (Statement statement : recent()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", "urn:hotline:statement:" + statement.id().hex());
            item.put("url", base + "/statements/" + statement.id().hex());
            item.put("title", statement.title());
            item.put("content_text", statement.text());
            item.put("date_published", TimeText.clamp(statement.published()).toString());
            item.put("language", statement.lang());
            item.put("authors", List.of(Map.of("name", statement.principal() + ", " + statement.stationName())));
            item.put("_hotline", JSON.readTree(statement.encode()));
            items.add(item);
        }
        for (JointStatement statement : joint()) {
            JointStatement.Report report = verified(statement);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", "urn:hotline:joint-statement:" + report.textHash().hex());
            item.put("url", base + "/statements/" + report.textHash().hex());
            item.put("title", report.text().title());
            item.put("content_text", report.text().text());
            item.put("date_published", TimeText.clamp(report.cosigned()).toString());
            item.put("language", report.text().lang());
            item.put("authors", report.signers().stream().map(signer -> Map.of("name", signer)).toList());
            try {
                item.put("_hotline", JSON.readTree(statement.encode()));
            } catch (ProtocolException e) {
                throw new IllegalStateException(e);
            }
            items.add(item);
        }
        feed.put("items", items);
        return feed;
    }
}
