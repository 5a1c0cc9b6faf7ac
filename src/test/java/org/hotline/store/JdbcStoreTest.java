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
        store.insertToken(new ApiToken(Tokens.hashOf("hl_right"), "watch", Role.OPERATOR, NOW, User.STATION, Optional.empty()));
        assertThat(store.token(Tokens.hashOf("hl_right"))).map(ApiToken::role).contains(Role.OPERATOR);
        assertThat(store.token(Tokens.hashOf("hl_wrong"))).isEmpty();
    }

    @Test
    void aUsersTokenKeepsItsUserAndExpiry() {
        Instant until = NOW.plusSeconds(3600);
        store.insertUser(new User("moon", Role.PRINCIPAL, "$argon2id$unused", NOW));
        store.insertToken(new ApiToken(Tokens.hashOf("hl_login"), "login moon", Role.PRINCIPAL, NOW, "moon", Optional.of(until)));
        ApiToken read = store.token(Tokens.hashOf("hl_login")).orElseThrow();
        assertThat(read.role()).isEqualTo(Role.PRINCIPAL);
        assertThat(read.user()).isEqualTo("moon");
        assertThat(read.expiresAt()).contains(until);
        assertThat(read.expired(until.minusMillis(1))).isFalse();
        assertThat(read.expired(until)).isTrue();
    }

    @Test
    void theMigrationGivesEveryTokenAUserAndTheStationItsOwn() {
        // V9 made the built-in user, without a password anyone could match.
        User station = store.user(User.STATION).orElseThrow();
        assertThat(station.role()).isEqualTo(Role.PRINCIPAL);
        assertThat(station.passwordHash()).isEqualTo("!");
    }

    @Test
    void aTokenCarriesTheLowerOfItsRoleAndItsUsersAndGoesWithItsUser() {
        store.insertUser(new User("kim", Role.PRINCIPAL, "$argon2id$unused", NOW));
        store.insertToken(new ApiToken(Tokens.hashOf("hl_kim1"), "desk", Role.PRINCIPAL, NOW, "kim", Optional.empty()));
        store.insertToken(new ApiToken(Tokens.hashOf("hl_kim2"), "phone", Role.AUDITOR, NOW.plusSeconds(1), "kim", Optional.empty()));
        store.insertToken(new ApiToken(Tokens.hashOf("hl_other"), "watch", Role.OPERATOR, NOW, User.STATION, Optional.empty()));
        assertThat(store.tokens(Optional.of("kim"))).extracting(ApiToken::name).containsExactly("phone", "desk");
        assertThat(store.tokens(Optional.empty())).hasSize(3);

        // Demoted: every token of kim's counts as operator at most, from the next look-up.
        assertThat(store.setUserRole("kim", Role.OPERATOR)).isTrue();
        assertThat(store.token(Tokens.hashOf("hl_kim1")).orElseThrow().role()).isEqualTo(Role.OPERATOR);
        assertThat(store.token(Tokens.hashOf("hl_kim2")).orElseThrow().role()).isEqualTo(Role.AUDITOR);

        // Revoked by id, only for its owner.
        String id = store.token(Tokens.hashOf("hl_kim2")).orElseThrow().id();
        assertThat(store.revokeToken(id, Optional.of(User.STATION), NOW)).isFalse();
        assertThat(store.revokeToken(id, Optional.of("kim"), NOW)).isTrue();
        assertThat(store.token(Tokens.hashOf("hl_kim2"))).isEmpty();
        assertThat(store.revokeToken(id, Optional.empty(), NOW)).isFalse();

        // Removed: the user and every token of theirs, and no one else's.
        assertThat(store.removeUser("kim", NOW)).isTrue();
        assertThat(store.user("kim")).isEmpty();
        assertThat(store.token(Tokens.hashOf("hl_kim1"))).isEmpty();
        assertThat(store.token(Tokens.hashOf("hl_other"))).isPresent();
        assertThat(store.removeUser("kim", NOW)).isFalse();
        // A new kim does not inherit the old one's tokens.
        store.insertUser(new User("kim", Role.PRINCIPAL, "$argon2id$unused", NOW));
        assertThat(store.token(Tokens.hashOf("hl_kim1"))).isEmpty();
    }

    @Test
    void usersAreStoredOnceByNameWithTheirRoleAndHash() {
        User moon = new User("moon", Role.PRINCIPAL, "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g", NOW);
        assertThat(store.insertUser(moon)).isTrue();
        assertThat(store.insertUser(new User("moon", Role.AUDITOR, "$other", NOW))).isFalse();
        assertThat(store.insertUser(new User("audit", Role.AUDITOR, "$x", NOW))).isTrue();
        assertThat(store.user("moon")).contains(moon);
        assertThat(store.user("Moon")).isEmpty();
        assertThat(store.users()).extracting(User::name).containsExactly("audit", "moon", User.STATION);
        assertThat(moon.toString()).doesNotContain("argon2");
    }

    @Test
    void lineNamesAreUnique() {
        store.insertLine(lineRecord(line, "liaison"));
        assertThatThrownBy(() -> store.insertLine(lineRecord(LineId.random(random), "liaison"))).isInstanceOf(RuntimeException.class);
        assertThat(store.lineByName("liaison")).map(LineRecord::id).contains(line);
    }
}
