package org.hotline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.Hash;
import org.hotline.protocol.LineId;
import org.hotline.protocol.StationId;

/**
 * The station's persistence: one interface, one SQL implementation that SQLite and PostgreSQL
 * both run. Entries are append-only; everything else about a line can be recomputed from them.
 */
public interface Store extends AutoCloseable {
    // Lines
    void insertLine(LineRecord line);

    List<LineRecord> lines();

    Optional<LineRecord> line(LineId id);

    Optional<LineRecord> lineByName(String name);

    // Transcript
    /** Writes all of the batch in one transaction, or nothing. */
    void commit(WriteBatch batch);

    /** Entries of one author on a line with seq greater than {@code afterSeq}, in seq order. */
    List<StoredEntry> chain(LineId line, StationId author, long afterSeq, int limit);

    /** One author's whole chain on a line, in seq order, read page by page. */
    default List<org.hotline.protocol.SignedEntry> wholeChain(LineId line, StationId author) {
        List<org.hotline.protocol.SignedEntry> chain = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            List<StoredEntry> page = chain(line, author, after, 5000);
            if (page.isEmpty()) {
                return chain;
            }
            page.forEach(stored -> chain.add(stored.signed()));
            after = page.getLast().signed().entry().seq();
        }
    }

    /** The line's transcript in this station's order, after {@code afterPosition}. */
    List<StoredEntry> transcript(LineId line, long afterPosition, int limit);

    Optional<Hash> entryHash(LineId line, StationId author, long seq);

    /** The head of every author's chain on every line, for loading state at start. */
    List<ChainHead> chainHeads();

    long lastPosition(LineId line);

    Optional<StoredReceipt> latestReceipt(LineId line);

    /** The first receipt that covers our entry {@code seq}. */
    Optional<StoredReceipt> receiptCovering(LineId line, long seq);

    Optional<StoredCheckpoint> latestCheckpoint(LineId line);

    List<Evidence> evidence(LineId line);

    /** The line's entries of the given types, in transcript order: to fold its declared state at start. */
    List<StoredEntry> entriesOfTypes(LineId line, java.util.Set<String> types);

    /** Drafts waiting on a suspended line, oldest first. */
    List<Draft> drafts(LineId line, int limit);

    /** How many drafts wait on the line, and the seq of the newest (0 if none). */
    DraftCount draftCount(LineId line);

    record DraftCount(long waiting, long lastSeq) {}

    // Invitations
    void insertInvitation(Invitation invitation);

    Optional<Invitation> invitation(LineId line);

    boolean anyInvitationOpen(Instant now);

    /**
     * Marks the invitation used and stores the line it opens, in one transaction. Returns false,
     * storing nothing, if the invitation was already used.
     */
    boolean redeemInvitation(LineId line, StationId by, Instant at, LineRecord opened);

    // API tokens
    void insertToken(ApiToken token);

    /**
     * The token with this hash, if it is not revoked and its user still exists; its role is the
     * lower of its own and its user's current role. Read on every request, so a revocation, a
     * removal or a role change counts from the next one.
     */
    Optional<ApiToken> token(Hash tokenHash);

    /** Tokens not revoked (expired ones included), of {@code user} or, if empty, of everyone; newest first. */
    List<ApiToken> tokens(Optional<String> user);

    /**
     * Revokes the token whose id ({@link ApiToken#id()}) is {@code id}, if it belongs to {@code user}
     * (any user if empty) and is not revoked yet; false if there is no such token.
     */
    boolean revokeToken(String id, Optional<String> user, Instant at);

    /** The request an operator named {@code key}, if one was written. */
    Optional<RequestKey> requestKey(String key);

    // Users
    /** Stores a new user; false, storing nothing, if the name is taken. */
    boolean insertUser(User user);

    Optional<User> user(String name);

    /** All users, by name. */
    List<User> users();

    /** Removes the user and revokes every token of theirs, in one transaction; false if there is no such user. */
    boolean removeUser(String name, Instant at);

    /** Gives the user another role; false if there is no such user. */
    boolean setUserRole(String name, Role role);

    // Our principals' keys
    /**
     * Stores a principal's next key generation and retires the one before it, in one transaction.
     * False, storing nothing, if {@code key.generation() - 1} is not the principal's newest generation
     * (0 for none): a rotation that raced another loses.
     */
    boolean insertPrincipalKey(PrincipalKeyRecord key);

    /** Every generation of the principal's keys, oldest first. */
    List<PrincipalKeyRecord> principalKeys(String name);

    /** Each principal's newest key, by name. */
    List<PrincipalKeyRecord> currentPrincipalKeys();

    // Statements on the public feed
    /** Stores a statement document; false if one with the same id is there already. */
    boolean insertStatement(String id, Instant publishedAt, byte[] document);

    /** The newest statement documents first, at most {@code limit}. */
    List<byte[]> statements(int limit);

    Optional<byte[]> statement(String id);

    @Override
    void close();
}
