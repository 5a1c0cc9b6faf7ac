package org.hotline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.hotline.crypto.Tokens;
import org.hotline.protocol.EntryAuthor;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, on a real SQLite file and on a real PostgreSQL server: same SQL, same rules. */
abstract class JdbcStoreTest {
    private static final Instant NOW = Instant.parse("2021-07-27T01:00:00Z");
    private final SecureRandom random = new SecureRandom();
    private final SigningKey key = SigningKey.generate(random);
    private final SigningKey peer = SigningKey.generate(random);
    private final LineId line = LineId.random(random);

    @TempDir
    Path temp;

    private JdbcStore store;

    /** The JDBC URL of a fresh, empty database. */
    abstract String freshDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = JdbcStore.open(freshDatabase());
    }

    static final class OnSqlite extends JdbcStoreTest {
        @Override
        String freshDatabase() {
            return "jdbc:sqlite:" + temp.resolve("hotline.db");
        }
    }

    static final class OnPostgresql extends JdbcStoreTest {
        @Override
        String freshDatabase() throws Exception {
            return PostgresServer.freshDatabase();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        store.close();
    }

    private LineRecord lineRecord(LineId id, String name) {
        return new LineRecord(id, name, peer.verifyingKey().stationId(), "North", peer.verifyingKey(), "127.0.0.1:7443",
                LineState.OPEN, Optional.empty(), NOW);
    }

    private SignedEntry entry(Head own, String text) throws Exception {
        return EntryAuthor.next(line, key, own, Head.EMPTY, NOW, new Message(text, Priority.ROUTINE, "en"));
    }

    @Test
    void aBatchIsStoredWhollyOrNotAtAll() throws Exception {
        store.insertLine(lineRecord(line, "liaison"));
        SignedEntry first = entry(Head.EMPTY, "one");
        WriteBatch good = new WriteBatch();
        good.add(new StoredEntry(first, 1, NOW));
        store.commit(good);

        SignedEntry second = entry(first.head(), "two");
        WriteBatch bad = new WriteBatch();
        bad.add(new StoredEntry(second, 2, NOW));
        bad.add(new StoredEntry(first, 3, NOW)); // same author and seq as a stored entry
        assertThatThrownBy(() -> store.commit(bad)).isInstanceOf(RuntimeException.class);

        assertThat(store.transcript(line, 0, 10)).extracting(e -> e.signed().hash()).containsExactly(first.hash());
        assertThat(store.chainHeads()).singleElement().satisfies(head -> assertThat(head.head()).isEqualTo(first.head()));
        assertThat(store.lastPosition(line)).isEqualTo(1);
    }

    @Test
    void storedBytesComeBackVerbatim() throws Exception {
        store.insertLine(lineRecord(line, "liaison"));
        SignedEntry first = entry(Head.EMPTY, "연락 확인합니다 \u0000 \"quoted\"");
        WriteBatch batch = new WriteBatch();
        batch.add(new StoredEntry(first, 1, NOW));
        store.commit(batch);
        SignedEntry loaded = store.chain(line, key.verifyingKey().stationId(), 0, 1).getFirst().signed();
        assertThat(loaded.bytes()).isEqualTo(first.bytes());
        assertThat(loaded.signature()).isEqualTo(first.signature());
        assertThat(store.entryHash(line, key.verifyingKey().stationId(), 1)).contains(first.hash());
    }

    @Test
    void anInvitationOpensExactlyOneLine() {
        LineId invited = LineId.random(random);
        store.insertInvitation(new Invitation(invited, "leaders", Tokens.hashOf("secret"), NOW, NOW.plusSeconds(3600), Optional.empty(), Optional.empty()));
        assertThat(store.anyInvitationOpen(NOW)).isTrue();
        assertThat(store.anyInvitationOpen(NOW.plusSeconds(3601))).isFalse();

        assertThat(store.redeemInvitation(invited, peer.verifyingKey().stationId(), NOW, lineRecord(invited, "leaders"))).isTrue();
        assertThat(store.redeemInvitation(invited, peer.verifyingKey().stationId(), NOW, lineRecord(invited, "leaders"))).isFalse();
        assertThat(store.lines()).extracting(LineRecord::name).containsExactly("leaders");
        assertThat(store.invitation(invited).orElseThrow().usedAt()).contains(NOW);
        assertThat(store.anyInvitationOpen(NOW)).isFalse();
    }

    @Test
    void tokensAreFoundOnlyByTheHashOfTheirSecret() {
        store.insertToken(new ApiToken(Tokens.hashOf("hl_right"), "watch", Role.OPERATOR, NOW));
        assertThat(store.token(Tokens.hashOf("hl_right"))).map(ApiToken::role).contains(Role.OPERATOR);
        assertThat(store.token(Tokens.hashOf("hl_wrong"))).isEmpty();
    }

    @Test
    void aUsersTokenKeepsItsUserAndExpiry() {
        Instant until = NOW.plusSeconds(3600);
        store.insertToken(new ApiToken(Tokens.hashOf("hl_login"), "login moon", Role.PRINCIPAL, NOW, Optional.of("moon"), Optional.of(until)));
        ApiToken read = store.token(Tokens.hashOf("hl_login")).orElseThrow();
        assertThat(read.role()).isEqualTo(Role.PRINCIPAL);
        assertThat(read.user()).contains("moon");
        assertThat(read.expiresAt()).contains(until);
        assertThat(read.expired(until.minusMillis(1))).isFalse();
        assertThat(read.expired(until)).isTrue();
    }

    @Test
    void usersAreStoredOnceByNameWithTheirRoleAndHash() {
        User moon = new User("moon", Role.PRINCIPAL, "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g", NOW);
        assertThat(store.insertUser(moon)).isTrue();
        assertThat(store.insertUser(new User("moon", Role.AUDITOR, "$other", NOW))).isFalse();
        assertThat(store.insertUser(new User("audit", Role.AUDITOR, "$x", NOW))).isTrue();
        assertThat(store.user("moon")).contains(moon);
        assertThat(store.user("Moon")).isEmpty();
        assertThat(store.users()).extracting(User::name).containsExactly("audit", "moon");
        assertThat(moon.toString()).doesNotContain("argon2");
    }

    @Test
    void lineNamesAreUnique() {
        store.insertLine(lineRecord(line, "liaison"));
        assertThatThrownBy(() -> store.insertLine(lineRecord(LineId.random(random), "liaison"))).isInstanceOf(RuntimeException.class);
        assertThat(store.lineByName("liaison")).map(LineRecord::id).contains(line);
    }
}
