package org.hotline.user;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.protocol.Entry;
import org.hotline.protocol.PrincipalDirectory;
import org.hotline.protocol.PrincipalKey;
import org.hotline.protocol.SealingPublicKey;
import org.hotline.protocol.StationId;
import org.hotline.protocol.VerifyingKey;
import org.hotline.store.LineRecord;
import org.hotline.store.PrincipalKeyRecord;
import org.hotline.store.Role;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;
import org.hotline.store.User;
import org.hotline.transcript.Submitted;
import org.hotline.transcript.TranscriptWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our principals' keys and the other side's. Ours are made and locked by the principal's own
 * client (the station never sees a passphrase or a private key in the clear), stored here locked,
 * and announced on every line in a {@code principal-key} entry; a rotation is announced with the
 * old key's signature over the new keys. The other side's are read from its chain on the line.
 */
public final class Principals {
    private static final Logger LOG = LoggerFactory.getLogger(Principals.class);
    /** Header, salt, nonce, 64 bytes of secret and the tag; a little room for later formats. */
    public static final int MAX_LOCKED_BYTES = 1024;

    private final Store store;
    private final TranscriptWriter writer;
    private final Clock clock;

    public Principals(Store store, TranscriptWriter writer, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    /** A key stored and announced: on which lines it is written, and on which it waits for a restore. */
    public record Announced(PrincipalKeyRecord key, List<String> written, List<String> waiting) {}

    /**
     * Stores and announces {@code name}'s new keys: the first ones if {@code rotation} is empty, else a
     * rotation that must be signed by the current key.
     */
    public synchronized Announced register(String name, VerifyingKey signing, SealingPublicKey sealing, byte[] locked,
            Optional<PrincipalKey.Rotation> rotation) {
        User user = store.user(name).orElseThrow(() -> new HotlineException(ErrorCode.NOT_FOUND, "no user called " + name));
        if (user.role() != Role.PRINCIPAL) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, name + " is " + user.role().wireName() + ", not a principal");
        }
        if (locked.length == 0 || locked.length > MAX_LOCKED_BYTES) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the locked private key is 1-" + MAX_LOCKED_BYTES + " bytes");
        }
        try {
            // Never stored if the station would refuse to open it: no blob can make an unlock cost a GiB.
            org.hotline.crypto.PrincipalSecrets.lockedCost(locked);
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        List<PrincipalKeyRecord> history = store.principalKeys(name);
        Optional<PrincipalKeyRecord> current = history.isEmpty() ? Optional.empty() : Optional.of(history.getLast());
        if (current.isPresent() && rotation.isEmpty()) {
            throw new HotlineException(ErrorCode.CONFLICT, name + " has keys already (fingerprint " + current.get().fingerprint()
                    + "); new keys come only by a rotation signed with the current key: hotline principal rotate " + name);
        }
        if (current.isEmpty() && rotation.isPresent()) {
            throw new HotlineException(ErrorCode.CONFLICT, name + " has no keys to rotate; make the first ones: hotline principal init " + name);
        }
        if (current.isPresent() && !rotation.get().previous().equals(current.get().signing())) {
            throw new HotlineException(ErrorCode.CONFLICT, "the rotation is signed by a key that is not " + name + "'s current one ("
                    + current.get().fingerprint() + ")");
        }
        if (history.stream().anyMatch(old -> old.signing().equals(signing) || old.sealing().equals(sealing))) {
            throw new HotlineException(ErrorCode.CONFLICT, "these keys were " + name + "'s before; make new ones");
        }
        PrincipalKey body;
        try {
            body = new PrincipalKey(name, signing, sealing, rotation);
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        PrincipalKeyRecord record = new PrincipalKeyRecord(name, history.size() + 1, signing, sealing, locked,
                rotation.map(PrincipalKey.Rotation::signature), clock.instant(), Optional.empty());
        if (!store.insertPrincipalKey(record)) {
            throw new HotlineException(ErrorCode.CONFLICT, name + "'s keys changed meanwhile; try again");
        }
        List<String> written = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (LineRecord line : store.lines()) {
            (announce(line, body) ? written : waiting).add(line.name());
        }
        LOG.info("principal {}: keys generation {} ({}) announced on {} line(s)", name, record.generation(), record.fingerprint(),
                written.size() + waiting.size());
        return new Announced(record, written, waiting);
    }

    /** Announces each principal's current keys on a line that has just opened. */
    public void announceAll(LineRecord line) {
        for (PrincipalKeyRecord key : store.currentPrincipalKeys()) {
            announce(line, PrincipalKey.first(key.name(), key.signing(), key.sealing()));
        }
    }

    private boolean announce(LineRecord line, PrincipalKey body) {
        try {
            return writer.submit(line.id(), body).get() instanceof Submitted.Written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, "interrupted");
        } catch (ExecutionException e) {
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, "announcing the keys on line " + line.name() + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Each of our principals' current keys. */
    public List<PrincipalKeyRecord> ours() {
        return store.currentPrincipalKeys();
    }

    /** The principal's current key, with its locked private half. */
    public PrincipalKeyRecord current(String name) {
        List<PrincipalKeyRecord> history = store.principalKeys(name);
        if (history.isEmpty()) {
            throw new HotlineException(ErrorCode.NOT_FOUND, name + " has no keys; make them: hotline principal init " + name);
        }
        return history.getLast();
    }

    /** Every generation of one of our principal's keys, oldest first. */
    public List<PrincipalKeyRecord> history(String name) {
        return store.principalKeys(name);
    }

    /** The generation of our principal's keys whose sealing key is {@code sealing}: to open a letter sealed before a rotation. */
    public PrincipalKeyRecord bySealingKey(String name, SealingPublicKey sealing) {
        return store.principalKeys(name).stream().filter(key -> key.sealing().equals(sealing)).findFirst()
                .orElseThrow(() -> new HotlineException(ErrorCode.NOT_FOUND, name + " never had the key " + sealing.base64().substring(0, 8)
                        + "...; the letter is not for " + name));
    }

    /** What {@code author}'s chain on the line declares about its principals. */
    public PrincipalDirectory directory(LineRecord line, StationId author) {
        List<Entry> entries = new ArrayList<>();
        for (StoredEntry stored : store.entriesOfTypes(line.id(), Set.of(PrincipalKey.TYPE))) {
            if (stored.signed().entry().author().equals(author)) {
                entries.add(stored.signed().entry());
            }
        }
        entries.sort(java.util.Comparator.comparingLong(Entry::seq));
        return PrincipalDirectory.fold(entries);
    }
}
