package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hash, Head, LineId, Entry and keys: the small types the rest stands on. */
class ValueTypesTest {
    @Test
    void hashIsSha256AndRoundTripsThroughHex() {
        Hash empty = Hash.sha256(new byte[0]);
        assertThat(empty.hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Hash.sha256(utf8("abc")).hex()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hash.fromHex(empty.hex())).isEqualTo(empty).hasSameHashCodeAs(empty);
        assertThat(Hash.of(empty.bytes())).isEqualTo(empty);
        assertThat(Hash.sha256(utf8("abd"))).isNotEqualTo(Hash.sha256(utf8("abc")));
    }

    @Test
    void hashRefusesWrongLengthsAndIsImmutable() {
        assertThatThrownBy(() -> Hash.fromHex("abcd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.fromHex("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);

        byte[] bytes = new byte[32];
        Hash hash = Hash.of(bytes);
        bytes[0] = 1;
        hash.bytes()[1] = 1;
        assertThat(hash).isEqualTo(Hash.of(new byte[32]));
    }

    @Test
    void headHasHashExactlyWhenSeqIsPositive() {
        Hash hash = Hash.sha256(utf8("x"));
        assertThat(Head.EMPTY.isEmpty()).isTrue();
        assertThat(Head.of(1, hash).isEmpty()).isFalse();
        assertThat(Head.EMPTY.next(hash)).isEqualTo(Head.of(1, hash));
        assertThatThrownBy(() -> new Head(0, Optional.of(hash))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Head(1, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Head.of(-1, hash)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Head.of(2, hash)).isNotEqualTo(Head.of(2, Hash.sha256(utf8("y")))).isNotEqualTo(Head.of(3, hash));
    }

    @Test
    void lineIdsAreLowerCaseBase32AndRandomOnesDiffer() {
        SecureRandom random = new SecureRandom();
        Set<LineId> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            LineId id = LineId.random(random);
            assertThat(id.value()).matches("[a-z2-7]{26}");
            seen.add(id);
        }
        assertThat(seen).hasSize(100);
        assertThatThrownBy(() -> new LineId("AAAAAAAAAAAAAAAAAAAAAAAAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LineId("aaaa")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LineId("aaaaaaaaaaaaaaaaaaaaaaaaa0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryEnforcesSeqAndPrev() {
        StationId author = ProtocolFixtures.key(0).verifyingKey().stationId();
        Message body = ProtocolFixtures.message("x");
        Hash hash = Hash.sha256(utf8("x"));
        assertThatThrownBy(() -> new Entry(1, ProtocolFixtures.LINE, author, 0, Optional.empty(), Head.EMPTY, ProtocolFixtures.AT, body))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Entry(1, ProtocolFixtures.LINE, author, 1, Optional.of(hash), Head.EMPTY, ProtocolFixtures.AT, body))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Entry(1, ProtocolFixtures.LINE, author, 2, Optional.empty(), Head.EMPTY, ProtocolFixtures.AT, body))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryAuthorLinksEachEntryToThePreviousOne() throws Exception {
        SigningKey key = ProtocolFixtures.key(0);
        Head seen = Head.of(9, Hash.sha256(utf8("peer #9")));
        SignedEntry first = EntryAuthor.next(ProtocolFixtures.LINE, key, Head.EMPTY, Head.EMPTY, ProtocolFixtures.AT, ProtocolFixtures.message("one"));
        SignedEntry second = EntryAuthor.next(ProtocolFixtures.LINE, key, first.head(), seen, ProtocolFixtures.AT, ProtocolFixtures.message("two"));

        assertThat(first.entry().seq()).isEqualTo(1);
        assertThat(first.entry().prev()).isEmpty();
        assertThat(first.entry().author()).isEqualTo(key.verifyingKey().stationId());
        assertThat(second.entry().seq()).isEqualTo(2);
        assertThat(second.entry().prev()).contains(first.hash());
        assertThat(second.entry().seen()).isEqualTo(seen);
        second.verifySignature(key.verifyingKey());
        assertThat(SignedEntry.parse(second.bytes(), second.signature()).entry()).isEqualTo(second.entry());
    }

    @Test
    void keysRefuseWrongLengthsAndDoNotPrintTheSeed() {
        assertThatThrownBy(() -> SigningKey.fromSeed(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerifyingKey.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        SigningKey generated = SigningKey.generate(new SecureRandom());
        assertThat(generated.seed()).hasSize(SigningKey.SEED_LENGTH);
        assertThat(generated.toString()).contains(generated.verifyingKey().stationId().shortForm());
        byte[] signature = generated.sign(utf8("hello"));
        assertThat(generated.verifyingKey().verify(utf8("hello"), signature)).isTrue();
        assertThat(generated.verifyingKey().verify(utf8("hellO"), signature)).isFalse();
    }

    @Test
    void priorityParsesOnlyItsWireNames() {
        for (Priority priority : Priority.values()) {
            assertThat(Priority.parse(priority.wireName())).isEqualTo(priority);
        }
        assertThat(Priority.names()).isEqualTo("routine, urgent, flash");
        assertThatThrownBy(() -> Priority.parse("ROUTINE")).isInstanceOf(IllegalArgumentException.class);
    }
}
