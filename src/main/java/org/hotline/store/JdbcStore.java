package org.hotline.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.Checkpoint;
import org.hotline.protocol.EntryCodec;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.protocol.StationId;
import org.hotline.protocol.VerifyingKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@link Store} in plain SQL that both SQLite and PostgreSQL run. */
public final class JdbcStore implements Store {
    private static final String ENTRY_COLUMNS = "bytes, signature, position, stored_at";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final CommitFence fence;

    public JdbcStore(HikariDataSource dataSource) {
        this(dataSource, CommitFence.NONE);
    }

    public JdbcStore(HikariDataSource dataSource, CommitFence fence) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.fence = fence;
    }

    public static JdbcStore open(String jdbcUrl) {
        return open(jdbcUrl, CommitFence.NONE);
    }

    public static JdbcStore open(String jdbcUrl, CommitFence fence) {
        return new JdbcStore(Database.open(jdbcUrl), fence);
    }

    @Override
    public void insertLine(LineRecord line) {
        jdbi.useHandle(handle -> insertLine(handle, line));
    }

    private static void insertLine(Handle handle, LineRecord line) {
        handle.createUpdate("""
                        INSERT INTO lines (id, name, peer_id, peer_name, peer_key, peer_address, state, flag, opened_at)
                        VALUES (:id, :name, :peerId, :peerName, :peerKey, :peerAddress, :state, :flag, :openedAt)""")
                .bind("id", line.id().value())
                .bind("name", line.name())
                .bind("peerId", line.peerId().value())
                .bind("peerName", line.peerName())
                .bind("peerKey", line.peerKey().base64())
                .bind("peerAddress", line.peerAddress())
                .bind("state", line.state().name())
                .bind("flag", line.flag().orElse(null))
                .bind("openedAt", line.openedAt().toEpochMilli())
                .execute();
    }

    @Override
    public List<LineRecord> lines() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM lines ORDER BY name")
                .map(JdbcStore::line)
                .list());
    }

    @Override
    public Optional<LineRecord> line(LineId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM lines WHERE id = :id")
                .bind("id", id.value())
                .map(JdbcStore::line)
                .findOne());
    }

    @Override
    public Optional<LineRecord> lineByName(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM lines WHERE name = :name")
                .bind("name", name)
                .map(JdbcStore::line)
                .findOne());
    }

    private static LineRecord line(ResultSet row, StatementContext context) throws SQLException {
        return new LineRecord(
                new LineId(row.getString("id")),
                row.getString("name"),
                new StationId(row.getString("peer_id")),
                row.getString("peer_name"),
                VerifyingKey.fromBase64(row.getString("peer_key")),
                row.getString("peer_address"),
                LineState.valueOf(row.getString("state")),
                Optional.ofNullable(row.getString("flag")),
                Instant.ofEpochMilli(row.getLong("opened_at")));
    }

    @Override
    public void commit(WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            try {
                fence.check(handle.getConnection());
            } catch (SQLException e) {
                throw new CommitFence.FencedException("cannot confirm this node still holds the lease: " + e.getMessage());
            }
            if (!batch.entries().isEmpty()) {
                PreparedBatch insert = handle.prepareBatch("""
                        INSERT INTO entries (line_id, author, seq, hash, seen_seq, type, position, stored_at, bytes, signature)
                        VALUES (:line, :author, :seq, :hash, :seenSeq, :type, :position, :storedAt, :bytes, :signature)""");
                for (StoredEntry stored : batch.entries()) {
                    SignedEntry signed = stored.signed();
                    insert.bind("line", signed.entry().line().value())
                            .bind("author", signed.entry().author().value())
                            .bind("seq", signed.entry().seq())
                            .bind("hash", signed.hash().hex())
                            .bind("seenSeq", signed.entry().seen().seq())
                            .bind("type", signed.entry().body().type())
                            .bind("position", stored.position())
                            .bind("storedAt", stored.storedAt().toEpochMilli())
                            .bind("bytes", signed.bytes())
                            .bind("signature", signed.signature())
                            .add();
                }
                insert.execute();
            }
            for (Evidence item : batch.evidence()) {
                SignedEntry conflicting = item.conflicting();
                handle.createUpdate("""
                                INSERT INTO evidence (line_id, author, seq, hash, stored_hash, recorded_at, bytes, signature)
                                SELECT :line, :author, :seq, :hash, :storedHash, :recordedAt, :bytes, :signature
                                WHERE NOT EXISTS (SELECT 1 FROM evidence WHERE line_id = :line AND author = :author AND seq = :seq AND hash = :hash)""")
                        .bind("line", conflicting.entry().line().value())
                        .bind("author", conflicting.entry().author().value())
                        .bind("seq", conflicting.entry().seq())
                        .bind("hash", conflicting.hash().hex())
                        .bind("storedHash", item.storedHash().hex())
                        .bind("recordedAt", item.recordedAt().toEpochMilli())
                        .bind("bytes", conflicting.bytes())
                        .bind("signature", conflicting.signature())
                        .execute();
            }
            for (StoredReceipt receipt : batch.receipts()) {
                SignedReceipt signed = receipt.signed();
                handle.createUpdate("""
                                INSERT INTO receipts (line_id, seq, hash, own_seq, received_at, bytes, signature)
                                SELECT :line, :seq, :hash, :ownSeq, :receivedAt, :bytes, :signature
                                WHERE NOT EXISTS (SELECT 1 FROM receipts WHERE line_id = :line AND seq = :seq)""")
                        .bind("line", signed.receipt().line().value())
                        .bind("seq", signed.receipt().head().seq())
                        .bind("hash", signed.receipt().head().hash().orElseThrow().hex())
                        .bind("ownSeq", signed.receipt().own().seq())
                        .bind("receivedAt", receipt.receivedAt().toEpochMilli())
                        .bind("bytes", signed.bytes())
                        .bind("signature", signed.signature())
                        .execute();
            }
            for (StoredCheckpoint stored : batch.checkpoints()) {
                Checkpoint checkpoint = stored.checkpoint();
                handle.createUpdate("""
                                INSERT INTO checkpoints (line_id, first_author, first_seq, first_hash, second_author, second_seq, second_hash, digest, agreed_at)
                                SELECT :line, :firstAuthor, :firstSeq, :firstHash, :secondAuthor, :secondSeq, :secondHash, :digest, :agreedAt
                                WHERE NOT EXISTS (SELECT 1 FROM checkpoints WHERE line_id = :line AND first_seq = :firstSeq AND second_seq = :secondSeq)""")
                        .bind("line", checkpoint.line().value())
                        .bind("firstAuthor", checkpoint.firstAuthor().value())
                        .bind("firstSeq", checkpoint.firstHead().seq())
                        .bind("firstHash", checkpoint.firstHead().hash().map(Hash::hex).orElse(null))
                        .bind("secondAuthor", checkpoint.secondAuthor().value())
                        .bind("secondSeq", checkpoint.secondHead().seq())
                        .bind("secondHash", checkpoint.secondHead().hash().map(Hash::hex).orElse(null))
                        .bind("digest", checkpoint.digest().hex())
                        .bind("agreedAt", stored.agreedAt().toEpochMilli())
                        .execute();
            }
            for (Draft draft : batch.drafts()) {
                handle.createUpdate("""
                                INSERT INTO drafts (line_id, draft_seq, type, written_at, body)
                                VALUES (:line, :seq, :type, :writtenAt, :body)""")
                        .bind("line", draft.line().value())
                        .bind("seq", draft.seq())
                        .bind("type", draft.body().type())
                        .bind("writtenAt", draft.writtenAt().toEpochMilli())
                        .bind("body", EntryCodec.encodeBody(draft.body()))
                        .execute();
            }
            for (WriteBatch.DraftRemoval removal : batch.draftRemovals()) {
                handle.createUpdate("DELETE FROM drafts WHERE line_id = :line AND draft_seq <= :upTo")
                        .bind("line", removal.line().value())
                        .bind("upTo", removal.upToSeq())
                        .execute();
            }
            for (RequestKey key : batch.requestKeys()) {
                handle.createUpdate("""
                                INSERT INTO request_keys (request_key, line_id, body_hash, own_seq, draft_seq, written_at)
                                VALUES (:key, :line, :bodyHash, :ownSeq, :draftSeq, :writtenAt)""")
                        .bind("key", key.key())
                        .bind("line", key.line().value())
                        .bind("bodyHash", key.bodyHash().hex())
                        .bind("ownSeq", key.ownSeq().isPresent() ? key.ownSeq().getAsLong() : null)
                        .bind("draftSeq", key.draftSeq().isPresent() ? key.draftSeq().getAsLong() : null)
                        .bind("writtenAt", key.writtenAt().toEpochMilli())
                        .execute();
            }
            for (WriteBatch.DraftSigned signed : batch.draftsSigned()) {
                handle.createUpdate("""
                                UPDATE request_keys SET own_seq = :ownSeq
                                WHERE line_id = :line AND draft_seq = :draftSeq AND own_seq IS NULL""")
                        .bind("ownSeq", signed.ownSeq())
                        .bind("line", signed.line().value())
                        .bind("draftSeq", signed.draftSeq())
                        .execute();
            }
            for (WriteBatch.LineFlag flag : batch.flags()) {
                handle.createUpdate("UPDATE lines SET flag = :flag WHERE id = :id")
                        .bind("flag", flag.flag())
                        .bind("id", flag.line().value())
                        .execute();
            }
        });
    }

    @Override
    public List<StoredEntry> chain(LineId line, StationId author, long afterSeq, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + ENTRY_COLUMNS + """
                         FROM entries WHERE line_id = :line AND author = :author AND seq > :after
                        ORDER BY seq LIMIT :limit""")
                .bind("line", line.value())
                .bind("author", author.value())
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(JdbcStore::storedEntry)
                .list());
    }

    @Override
    public List<StoredEntry> transcript(LineId line, long afterPosition, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + ENTRY_COLUMNS + """
                         FROM entries WHERE line_id = :line AND position > :after
                        ORDER BY position LIMIT :limit""")
                .bind("line", line.value())
                .bind("after", afterPosition)
                .bind("limit", limit)
                .map(JdbcStore::storedEntry)
                .list());
    }

    private static StoredEntry storedEntry(ResultSet row, StatementContext context) throws SQLException {
        try {
            return new StoredEntry(
                    SignedEntry.parse(row.getBytes("bytes"), row.getBytes("signature")),
                    row.getLong("position"),
                    Instant.ofEpochMilli(row.getLong("stored_at")));
        } catch (ProtocolException e) {
            throw new SQLException("stored entry no longer parses: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Hash> entryHash(LineId line, StationId author, long seq) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT hash FROM entries WHERE line_id = :line AND author = :author AND seq = :seq")
                .bind("line", line.value())
                .bind("author", author.value())
                .bind("seq", seq)
                .map((row, context) -> Hash.fromHex(row.getString("hash")))
                .findOne());
    }

    @Override
    public List<ChainHead> chainHeads() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT e.line_id, e.author, e.seq, e.hash, e.bytes, e.signature FROM entries e
                        JOIN (SELECT line_id, author, MAX(seq) AS seq FROM entries GROUP BY line_id, author) h
                          ON e.line_id = h.line_id AND e.author = h.author AND e.seq = h.seq""")
                .map((row, context) -> {
                    SignedEntry signed;
                    try {
                        signed = SignedEntry.parse(row.getBytes("bytes"), row.getBytes("signature"));
                    } catch (ProtocolException e) {
                        throw new SQLException("stored entry no longer parses: " + e.getMessage(), e);
                    }
                    return new ChainHead(
                            new LineId(row.getString("line_id")),
                            new StationId(row.getString("author")),
                            Head.of(row.getLong("seq"), Hash.fromHex(row.getString("hash"))),
                            signed.entry().seen(),
                            signed.entry().at());
                })
                .list());
    }

    @Override
    public long lastPosition(LineId line) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COALESCE(MAX(position), 0) FROM entries WHERE line_id = :line")
                .bind("line", line.value())
                .mapTo(Long.class)
                .one());
    }

    @Override
    public Optional<StoredReceipt> latestReceipt(LineId line) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT bytes, signature, received_at FROM receipts WHERE line_id = :line
                        ORDER BY seq DESC LIMIT 1""")
                .bind("line", line.value())
                .map(JdbcStore::storedReceipt)
                .findOne());
    }

    @Override
    public Optional<StoredReceipt> receiptCovering(LineId line, long seq) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT bytes, signature, received_at FROM receipts WHERE line_id = :line AND seq >= :seq
                        ORDER BY seq LIMIT 1""")
                .bind("line", line.value())
                .bind("seq", seq)
                .map(JdbcStore::storedReceipt)
                .findOne());
    }

    private static StoredReceipt storedReceipt(ResultSet row, StatementContext context) throws SQLException {
        try {
            return new StoredReceipt(
                    SignedReceipt.parse(row.getBytes("bytes"), row.getBytes("signature")),
                    Instant.ofEpochMilli(row.getLong("received_at")));
        } catch (ProtocolException e) {
            throw new SQLException("stored receipt no longer parses: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredCheckpoint> latestCheckpoint(LineId line) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM checkpoints WHERE line_id = :line
                        ORDER BY first_seq + second_seq DESC, agreed_at DESC LIMIT 1""")
                .bind("line", line.value())
                .map((row, context) -> new StoredCheckpoint(
                        new Checkpoint(
                                new LineId(row.getString("line_id")),
                                new StationId(row.getString("first_author")),
                                head(row.getLong("first_seq"), row.getString("first_hash")),
                                new StationId(row.getString("second_author")),
                                head(row.getLong("second_seq"), row.getString("second_hash"))),
                        Instant.ofEpochMilli(row.getLong("agreed_at"))))
                .findOne());
    }

    private static Head head(long seq, String hash) {
        return hash == null ? Head.EMPTY : Head.of(seq, Hash.fromHex(hash));
    }

    @Override
    public List<Evidence> evidence(LineId line) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM evidence WHERE line_id = :line ORDER BY seq, recorded_at")
                .bind("line", line.value())
                .map((row, context) -> {
                    try {
                        return new Evidence(
                                SignedEntry.parse(row.getBytes("bytes"), row.getBytes("signature")),
                                Hash.fromHex(row.getString("stored_hash")),
                                Instant.ofEpochMilli(row.getLong("recorded_at")));
                    } catch (ProtocolException e) {
                        throw new SQLException("stored evidence no longer parses", e);
                    }
                })
                .list());
    }

    @Override
    public List<StoredEntry> entriesOfTypes(LineId line, java.util.Set<String> types) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + ENTRY_COLUMNS + " FROM entries WHERE line_id = :line AND type IN (<types>) ORDER BY position")
                .bind("line", line.value())
                .bindList("types", List.copyOf(types))
                .map(JdbcStore::storedEntry)
                .list());
    }

    @Override
    public List<Draft> drafts(LineId line, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT draft_seq, type, written_at, body FROM drafts WHERE line_id = :line
                        ORDER BY draft_seq LIMIT :limit""")
                .bind("line", line.value())
                .bind("limit", limit)
                .map((row, context) -> {
                    try {
                        return new Draft(line, row.getLong("draft_seq"),
                                EntryCodec.decodeBody(row.getString("type"), row.getBytes("body")),
                                Instant.ofEpochMilli(row.getLong("written_at")));
                    } catch (ProtocolException e) {
                        throw new SQLException("stored draft no longer parses: " + e.getMessage(), e);
                    }
                })
                .list());
    }

    @Override
    public DraftCount draftCount(LineId line) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) AS waiting, COALESCE(MAX(draft_seq), 0) AS last_seq FROM drafts WHERE line_id = :line")
                .bind("line", line.value())
                .map((row, context) -> new DraftCount(row.getLong("waiting"), row.getLong("last_seq")))
                .one());
    }

    @Override
    public void insertInvitation(Invitation invitation) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO invitations (line_id, line_name, secret_hash, created_at, expires_at, schedule)
                        VALUES (:line, :name, :secretHash, :createdAt, :expiresAt, :schedule)""")
                .bind("line", invitation.lineId().value())
                .bind("name", invitation.lineName())
                .bind("secretHash", invitation.secretHash().hex())
                .bind("createdAt", invitation.createdAt().toEpochMilli())
                .bind("expiresAt", invitation.expiresAt().toEpochMilli())
                .bind("schedule", invitation.schedule().orElse(null))
                .execute());
    }

    @Override
    public Optional<Invitation> invitation(LineId line) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM invitations WHERE line_id = :line")
                .bind("line", line.value())
                .map((row, context) -> {
                    long usedAt = row.getLong("used_at");
                    boolean used = !row.wasNull();
                    return new Invitation(
                            new LineId(row.getString("line_id")),
                            row.getString("line_name"),
                            Hash.fromHex(row.getString("secret_hash")),
                            Instant.ofEpochMilli(row.getLong("created_at")),
                            Instant.ofEpochMilli(row.getLong("expires_at")),
                            used ? Optional.of(Instant.ofEpochMilli(usedAt)) : Optional.empty(),
                            Optional.ofNullable(row.getString("schedule")));
                })
                .findOne());
    }

    @Override
    public boolean anyInvitationOpen(Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM invitations WHERE used_at IS NULL AND expires_at > :now")
                .bind("now", now.toEpochMilli())
                .mapTo(Long.class)
                .one()) > 0;
    }

    @Override
    public boolean redeemInvitation(LineId line, StationId by, Instant at, LineRecord opened) {
        return jdbi.inTransaction(handle -> {
            int updated = handle.createUpdate("""
                            UPDATE invitations SET used_at = :at, used_by = :by
                            WHERE line_id = :line AND used_at IS NULL""")
                    .bind("at", at.toEpochMilli())
                    .bind("by", by.value())
                    .bind("line", line.value())
                    .execute();
            if (updated != 1) {
                return false;
            }
            insertLine(handle, opened);
            return true;
        });
    }

    @Override
    public void insertToken(ApiToken token) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO tokens (token_hash, name, role, created_at, user_name, expires_at)
                        VALUES (:hash, :name, :role, :createdAt, :user, :expiresAt)""")
                .bind("hash", token.tokenHash().hex())
                .bind("name", token.name())
                .bind("role", token.role().name())
                .bind("createdAt", token.createdAt().toEpochMilli())
                .bind("user", token.user())
                .bind("expiresAt", token.expiresAt().map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    @Override
    public Optional<RequestKey> requestKey(String key) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT request_key, line_id, body_hash, own_seq, draft_seq, written_at FROM request_keys WHERE request_key = :key""")
                .bind("key", key)
                .map((rs, ctx) -> new RequestKey(rs.getString(1), new LineId(rs.getString(2)), Hash.fromHex(rs.getString(3)),
                        optionalLong(rs, 4), optionalLong(rs, 5), Instant.ofEpochMilli(rs.getLong(6))))
                .findOne());
    }

    private static java.util.OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(value);
    }

    @Override
    public Optional<ApiToken> token(Hash tokenHash) {
        // Joined with the user on every call: no cache, so revoking, removing and demoting count at once.
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT t.*, u.role AS user_role FROM tokens t JOIN users u ON u.name = t.user_name
                        WHERE t.token_hash = :hash AND t.revoked_at IS NULL""")
                .bind("hash", tokenHash.hex())
                .map((row, context) -> token(row))
                .findOne()
                .filter(token -> token.tokenHash().equals(tokenHash)));
    }

    @Override
    public List<ApiToken> tokens(Optional<String> user) {
        // Two statements rather than ":user IS NULL": PostgreSQL cannot type an untyped null parameter there.
        String ofUser = user.isPresent() ? " AND t.user_name = :user" : "";
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT t.*, u.role AS user_role FROM tokens t JOIN users u ON u.name = t.user_name
                        WHERE t.revoked_at IS NULL""" + ofUser + " ORDER BY t.created_at DESC, t.token_hash")
                .bindMap(user.isPresent() ? java.util.Map.of("user", user.get()) : java.util.Map.of())
                .map((row, context) -> token(row))
                .list());
    }

    @Override
    public boolean revokeToken(String id, Optional<String> user, Instant at) {
        String ofUser = user.isPresent() ? " AND user_name = :user" : "";
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE tokens SET revoked_at = :at
                        WHERE SUBSTR(token_hash, 1, %d) = :id AND revoked_at IS NULL""".formatted(ApiToken.ID_LENGTH) + ofUser)
                .bind("at", at.toEpochMilli())
                .bind("id", id)
                .bindMap(user.isPresent() ? java.util.Map.of("user", user.get()) : java.util.Map.of())
                .execute()) > 0;
    }

    private static ApiToken token(ResultSet row) throws SQLException {
        long expires = row.getLong("expires_at");
        Optional<Instant> expiresAt = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expires));
        Role own = Role.valueOf(row.getString("role"));
        return new ApiToken(
                Hash.fromHex(row.getString("token_hash")),
                row.getString("name"),
                own.atMost(Role.valueOf(row.getString("user_role"))),
                Instant.ofEpochMilli(row.getLong("created_at")),
                row.getString("user_name"),
                expiresAt);
    }

    @Override
    public boolean removeUser(String name, Instant at) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("UPDATE tokens SET revoked_at = :at WHERE user_name = :name AND revoked_at IS NULL")
                    .bind("at", at.toEpochMilli())
                    .bind("name", name)
                    .execute();
            return handle.createUpdate("DELETE FROM users WHERE name = :name").bind("name", name).execute() > 0;
        });
    }

    @Override
    public boolean setUserRole(String name, Role role) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE users SET role = :role WHERE name = :name")
                .bind("role", role.name())
                .bind("name", name)
                .execute()) > 0;
    }

    @Override
    public boolean insertUser(User user) {
        return jdbi.inTransaction(handle -> {
            boolean exists = handle.createQuery("SELECT COUNT(*) FROM users WHERE name = :name")
                    .bind("name", user.name()).mapTo(Long.class).one() > 0;
            if (exists) {
                return false;
            }
            handle.createUpdate("""
                            INSERT INTO users (name, role, password_hash, created_at)
                            VALUES (:name, :role, :hash, :createdAt)""")
                    .bind("name", user.name())
                    .bind("role", user.role().name())
                    .bind("hash", user.passwordHash())
                    .bind("createdAt", user.createdAt().toEpochMilli())
                    .execute();
            return true;
        });
    }

    @Override
    public Optional<User> user(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM users WHERE name = :name")
                .bind("name", name)
                .map((row, context) -> user(row))
                .findOne());
    }

    @Override
    public List<User> users() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM users ORDER BY name")
                .map((row, context) -> user(row))
                .list());
    }

    @Override
    public boolean insertPrincipalKey(PrincipalKeyRecord key) {
        return jdbi.inTransaction(handle -> {
            Integer newest = handle.createQuery("SELECT MAX(generation) FROM principal_keys WHERE name = :name")
                    .bind("name", key.name()).mapTo(Integer.class).one();
            int before = newest == null ? 0 : newest;
            if (before != key.generation() - 1) {
                return false;
            }
            handle.createUpdate("UPDATE principal_keys SET retired_at = :at WHERE name = :name AND generation = :generation")
                    .bind("at", key.createdAt().toEpochMilli())
                    .bind("name", key.name())
                    .bind("generation", before)
                    .execute();
            handle.createUpdate("""
                            INSERT INTO principal_keys (name, generation, signing_key, sealing_key, locked, rotation, created_at, retired_at)
                            VALUES (:name, :generation, :signing, :sealing, :locked, :rotation, :createdAt, NULL)""")
                    .bind("name", key.name())
                    .bind("generation", key.generation())
                    .bind("signing", key.signing().base64())
                    .bind("sealing", key.sealing().base64())
                    .bind("locked", key.locked())
                    .bind("rotation", key.rotation().map(org.hotline.protocol.PrincipalKey.Signature::base64).orElse(null))
                    .bind("createdAt", key.createdAt().toEpochMilli())
                    .execute();
            return true;
        });
    }

    @Override
    public List<PrincipalKeyRecord> principalKeys(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM principal_keys WHERE name = :name ORDER BY generation")
                .bind("name", name)
                .map((row, context) -> principalKey(row))
                .list());
    }

    @Override
    public List<PrincipalKeyRecord> currentPrincipalKeys() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM principal_keys WHERE retired_at IS NULL ORDER BY name")
                .map((row, context) -> principalKey(row))
                .list());
    }

    private static PrincipalKeyRecord principalKey(java.sql.ResultSet row) throws java.sql.SQLException {
        long retired = row.getLong("retired_at");
        Optional<Instant> retiredAt = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(retired));
        return new PrincipalKeyRecord(row.getString("name"), row.getInt("generation"),
                VerifyingKey.fromBase64(row.getString("signing_key")),
                org.hotline.protocol.SealingPublicKey.fromBase64(row.getString("sealing_key")),
                row.getBytes("locked"),
                Optional.ofNullable(row.getString("rotation")).map(org.hotline.protocol.PrincipalKey.Signature::new),
                Instant.ofEpochMilli(row.getLong("created_at")), retiredAt);
    }

    @Override
    public boolean insertStatement(String id, Instant publishedAt, byte[] document) {
        return jdbi.inTransaction(handle -> {
            if (handle.createQuery("SELECT COUNT(*) FROM statements WHERE id = :id").bind("id", id).mapTo(Long.class).one() > 0) {
                return false;
            }
            handle.createUpdate("INSERT INTO statements (id, published_at, document) VALUES (:id, :at, :document)")
                    .bind("id", id)
                    .bind("at", publishedAt.toEpochMilli())
                    .bind("document", document)
                    .execute();
            return true;
        });
    }

    @Override
    public List<byte[]> statements(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT document FROM statements ORDER BY published_at DESC, id LIMIT :limit")
                .bind("limit", limit)
                .map((row, context) -> row.getBytes("document"))
                .list());
    }

    @Override
    public Optional<byte[]> statement(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT document FROM statements WHERE id = :id")
                .bind("id", id)
                .map((row, context) -> row.getBytes("document"))
                .findOne());
    }

    private static User user(java.sql.ResultSet row) throws java.sql.SQLException {
        return new User(row.getString("name"), Role.valueOf(row.getString("role")), row.getString("password_hash"),
                Instant.ofEpochMilli(row.getLong("created_at")));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
