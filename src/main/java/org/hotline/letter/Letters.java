package org.hotline.letter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Letter;
import org.hotline.protocol.LetterRead;
import org.hotline.protocol.PrincipalDirectory;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.StationId;
import org.hotline.store.LineRecord;
import org.hotline.store.PrincipalKeyRecord;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;
import org.hotline.transcript.Submitted;
import org.hotline.transcript.TranscriptWriter;
import org.hotline.user.Principals;

/**
 * Letters on a line, as the station sees them: envelopes only. The station checks what it can
 * without opening a letter (the writer is our principal and signs with the current key; it is
 * sealed to the recipient's current key), carries it in a {@code letter} entry, lists threads,
 * judges every letter's signing key against the writer's key history in the transcript, and
 * records the addressed principal's signed read receipt.
 */
public final class Letters {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Letters.class);
    private final Store store;
    private final TranscriptWriter writer;
    private final Principals principals;
    private final StationId self;
    private final org.hotline.protocol.VerifyingKey selfKey;

    public Letters(Store store, TranscriptWriter writer, Principals principals, org.hotline.protocol.VerifyingKey selfKey) {
        this.store = store;
        this.writer = writer;
        this.principals = principals;
        this.self = selfKey.stationId();
        this.selfKey = selfKey;
    }

    /** A letter's envelope with its writer's key history, for anyone to check offline ({@code hotline verify}). */
    public org.hotline.protocol.LetterEnvelope envelope(LineRecord line, boolean ours, long seq) {
        StationId author = ours ? self : line.peerId();
        org.hotline.protocol.VerifyingKey key = ours ? selfKey : line.peerKey();
        SignedEntry found = letterEntries(line).stream().filter(e -> e.entry().author().equals(author) && e.entry().seq() == seq).findFirst()
                .orElseThrow(() -> new HotlineException(ErrorCode.NOT_FOUND, "no letter of " + (ours ? "ours" : "theirs") + " at #" + seq
                        + " on line " + line.name()));
        String from = ((Letter) found.entry().body()).from();
        List<org.hotline.protocol.Statement.Quote> history = store.entriesOfTypes(line.id(), Set.of(org.hotline.protocol.PrincipalKey.TYPE))
                .stream().map(StoredEntry::signed)
                .filter(e -> e.entry().author().equals(author) && ((org.hotline.protocol.PrincipalKey) e.entry().body()).name().equals(from))
                .map(e -> org.hotline.protocol.Statement.Quote.of(e, key)).toList();
        return new org.hotline.protocol.LetterEnvelope(org.hotline.protocol.Statement.Quote.of(found, key), history);
    }

    /** A letter on the line as the station sees it: the envelope, where it is, whether its key was valid, who read it. */
    public record Envelope(String hash, boolean mine, long seq, Instant at, String from, String to, Instant date, Optional<String> subject,
            boolean privateSubject, Optional<String> replyTo, String lang, String signer, String recipientKey, String keyCheck,
            Optional<String> readAt) {}

    /** Carries a letter our principal wrote: in the chain now, or waiting if the line is cut. */
    public Submitted send(LineRecord line, Letter letter) {
        PrincipalKeyRecord writerKey = principals.ours().stream().filter(key -> key.name().equals(letter.from())).findFirst()
                .orElseThrow(() -> new HotlineException(ErrorCode.BAD_REQUEST, letter.from() + " is not a principal of ours with keys"));
        if (!writerKey.signing().equals(letter.signer())) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the letter is signed with a key that is not " + letter.from()
                    + "'s current one (" + writerKey.fingerprint() + "); a rotated-out key writes no more letters");
        }
        PrincipalDirectory theirs = principals.directory(line, line.peerId());
        PrincipalDirectory.KeySpan recipient = theirs.current(letter.to()).orElseThrow(() -> new HotlineException(ErrorCode.BAD_REQUEST,
                "the other side has announced no principal called " + letter.to() + " on line " + line.name()));
        if (!recipient.sealing().equals(letter.recipientKey())) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the letter is sealed to a key that is not " + letter.to()
                    + "'s current one (" + recipient.fingerprint() + ")");
        }
        if (letter.replyTo().isPresent() && letterEntries(line).stream().noneMatch(e -> e.hash().equals(letter.replyTo().get()))) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "replyTo names no letter on line " + line.name());
        }
        // The anchor of the writer's key history on this line (see Letter#withKeys).
        Hash anchor = store.entriesOfTypes(line.id(), Set.of(org.hotline.protocol.PrincipalKey.TYPE)).stream().map(StoredEntry::signed)
                .filter(e -> e.entry().author().equals(self) && ((org.hotline.protocol.PrincipalKey) e.entry().body()).name().equals(letter.from()))
                .max(java.util.Comparator.comparingLong(e -> e.entry().seq())).map(SignedEntry::hash)
                .orElseThrow(() -> new HotlineException(ErrorCode.CONFLICT, letter.from() + "'s keys are not announced on line " + line.name()
                        + " yet, so the other side could not check the letter"));
        return await(writer.submit(line.id(), letter.withKeys(anchor)), line);
    }

    /** Every letter on the line, in transcript order, with its key verdict and read receipt. */
    public List<Envelope> list(LineRecord line) {
        PrincipalDirectory ours = principals.directory(line, self);
        PrincipalDirectory theirs = principals.directory(line, line.peerId());
        Map<Hash, Instant> reads = new HashMap<>();
        List<SignedEntry> letters = new ArrayList<>();
        Map<Hash, SignedEntry> byHash = new HashMap<>();
        List<SignedEntry> receipts = new ArrayList<>();
        for (StoredEntry stored : store.entriesOfTypes(line.id(), Set.of(Letter.TYPE, LetterRead.TYPE))) {
            SignedEntry signed = stored.signed();
            switch (signed.entry().body()) {
                case LetterRead read -> receipts.add(signed);
                case Letter letter -> {
                    letters.add(signed);
                    byHash.put(signed.hash(), signed);
                }
                default -> {
                    // only the two types were asked for
                }
            }
        }
        // A receipt is stored as the peer signed it (its chain stays whole, as evidence), but shows
        // a letter read only if it is the addressed principal's: see LetterRead#problem.
        for (SignedEntry signed : receipts) {
            LetterRead read = (LetterRead) signed.entry().body();
            PrincipalDirectory readerKeys = signed.entry().author().equals(self) ? ours : theirs;
            Optional<String> problem = LetterRead.problem(signed.entry(), Optional.ofNullable(byHash.get(read.letter())), readerKeys);
            if (problem.isEmpty()) {
                reads.putIfAbsent(read.letter(), signed.entry().at());
            } else {
                LOG.debug("line {}: read receipt {}#{} does not count: {}", line.name(), signed.entry().author().shortForm(),
                        signed.entry().seq(), problem.get());
            }
        }
        List<Envelope> envelopes = new ArrayList<>();
        for (SignedEntry signed : letters) {
            Letter letter = (Letter) signed.entry().body();
            boolean mine = signed.entry().author().equals(self);
            envelopes.add(new Envelope(signed.hash().hex(), mine, signed.entry().seq(), signed.entry().at(), letter.from(), letter.to(),
                    letter.date(), letter.subject(), letter.subject().isEmpty(), letter.replyTo().map(Hash::hex), letter.lang(),
                    letter.signer().base64(), letter.recipientKey().base64(),
                    verdict((mine ? ours : theirs).keyAt(letter.from(), letter.signer(), signed.entry().seq())),
                    Optional.ofNullable(reads.get(signed.hash())).map(Instant::toString)));
        }
        return envelopes;
    }

    private static String verdict(PrincipalDirectory.Check check) {
        return switch (check) {
            case PrincipalDirectory.Valid valid -> "valid: " + valid.span().name() + "'s key generation " + valid.span().generation();
            case PrincipalDirectory.Invalid invalid -> "REJECTED: " + invalid.reason();
        };
    }

    /** The other side's letter at {@code seq} of its chain, whole, with the verdict on its signing key. */
    public record Found(SignedEntry entry, Letter letter, PrincipalDirectory.Check keyCheck) {}

    public Found theirs(LineRecord line, long seq) {
        for (SignedEntry signed : letterEntries(line)) {
            if (signed.entry().author().equals(line.peerId()) && signed.entry().seq() == seq) {
                Letter letter = (Letter) signed.entry().body();
                return new Found(signed, letter, principals.directory(line, line.peerId()).keyAt(letter.from(), letter.signer(), seq));
            }
        }
        throw new HotlineException(ErrorCode.NOT_FOUND, "no letter from the other side at #" + seq + " on line " + line.name()
                + "; see hotline letter list " + line.name());
    }

    /** Records that the addressed principal opened the letter, with that principal's signature. */
    public SignedEntry markRead(LineRecord line, long seq, LetterRead read) {
        Found found = theirs(line, seq);
        if (!read.letter().equals(found.entry().hash())) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the receipt names another letter");
        }
        if (!read.by().equals(found.letter().to())) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "the letter is for " + found.letter().to() + ", not " + read.by());
        }
        // The same rule the other side applies (LetterRead#problem): the reader's current key on this line.
        boolean currentKey = principals.directory(line, self).current(read.by()).filter(span -> span.signing().equals(read.key())).isPresent();
        if (!currentKey) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the receipt is not signed with " + read.by() + "'s current key on line "
                    + line.name());
        }
        return switch (await(writer.submit(line.id(), read), line)) {
            case Submitted.Written written -> written.entry();
            case Submitted.Waiting waiting -> null;
        };
    }

    private List<SignedEntry> letterEntries(LineRecord line) {
        return store.entriesOfTypes(line.id(), Set.of(Letter.TYPE)).stream().map(StoredEntry::signed).toList();
    }

    private static Submitted await(java.util.concurrent.CompletableFuture<Submitted> future, LineRecord line) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.hotline.protocol.ProtocolException protocol) {
                throw new HotlineException(ErrorCode.BAD_REQUEST, protocol.getMessage(), protocol);
            }
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, "writing on line " + line.name() + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
