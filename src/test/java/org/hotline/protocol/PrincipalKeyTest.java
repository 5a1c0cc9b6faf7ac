package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.LINE;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code principal-key} entry: its exact bytes, strict parsing, rotation signatures, and the
 * fold of a chain into each principal's keys. The expected values were computed outside this code
 * (Python's {@code cryptography} and {@code hashlib}; RFC 7748's X25519 test keys), so the code
 * cannot simply agree with itself.
 */
class PrincipalKeyTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SigningKey STATION = ProtocolFixtures.key(100);
    /** ProtocolFixtures.key(0): the principal's first signing key. */
    private static final SigningKey FIRST = ProtocolFixtures.key(0);
    private static final SigningKey SECOND = ProtocolFixtures.key(1);
    /** RFC 7748 section 6.1: Alice's and Bob's X25519 public keys. */
    private static final SealingPublicKey ALICE = SealingPublicKey.of(HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
    private static final SealingPublicKey BOB = SealingPublicKey.of(HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));

    private static final String FIRST_BODY = "{\"name\":\"moon\",\"signing\":\"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\","
            + "\"sealing\":\"hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=\"}";
    private static final String ROTATION_SIGNATURE =
            "/nwIDN5zz2cch5Em7GxXeX/GM65rm1G7I0uEypZ5aHTOsYW9ODaKbfljy+GKFBh5qikMNOzpKu6N4vNuhpggDw==";
    private static final String ROTATION_BODY = "{\"name\":\"moon\",\"signing\":\"ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=\","
            + "\"sealing\":\"3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=\",\"previous\":\"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\","
            + "\"rotation\":\"" + ROTATION_SIGNATURE + "\"}";

    @Test
    void aFirstAnnouncementHasKnownBytesAndFingerprint() throws Exception {
        PrincipalKey key = PrincipalKey.first("moon", FIRST.verifyingKey(), ALICE);
        assertThat(ProtocolFixtures.string(EntryCodec.encodeBody(key))).isEqualTo(FIRST_BODY);
        assertThat(key.fingerprint()).isEqualTo("04ec 802c f178 4c14 2c3f 34b6 6632 e222");
        assertThat(EntryCodec.decodeBody(PrincipalKey.TYPE, utf8(FIRST_BODY))).isEqualTo(key);
    }

    @Test
    void aRotationIsSignedByTheOldKeyOverKnownBytes() throws Exception {
        PrincipalKey rotation = PrincipalKey.rotate("moon", FIRST, SECOND.verifyingKey(), BOB);
        // Ed25519 is deterministic: the same signature Python's cryptography made over the same message.
        assertThat(rotation.rotation().orElseThrow().signature().base64()).isEqualTo(ROTATION_SIGNATURE);
        assertThat(ProtocolFixtures.string(EntryCodec.encodeBody(rotation))).isEqualTo(ROTATION_BODY);
        assertThat(EntryCodec.decodeBody(PrincipalKey.TYPE, utf8(ROTATION_BODY))).isEqualTo(rotation);
    }

    @Test
    void aWholeSignedEntryRoundTripsByteForByte() throws Exception {
        Entry entry = new Entry(Entry.VERSION, LINE, STATION.verifyingKey().stationId(), 1, Optional.empty(), Head.EMPTY,
                Instant.parse("2021-07-27T01:00:00Z"), PrincipalKey.rotate("moon", FIRST, SECOND.verifyingKey(), BOB));
        SignedEntry signed = SignedEntry.sign(entry, STATION);
        SignedEntry parsed = SignedEntry.parse(signed.bytes(), signed.signature());
        assertThat(parsed.entry()).isEqualTo(entry);
        assertThat(parsed.bytes()).isEqualTo(signed.bytes());
        assertThat(ProtocolFixtures.string(signed.bytes())).contains("\"type\":\"principal-key\",\"body\":" + ROTATION_BODY);
    }

    @Test
    void parsingIsStrict() {
        assertRefused(ROTATION_BODY.replace(ROTATION_SIGNATURE, "A" + ROTATION_SIGNATURE.substring(1)), ProtocolException.Reason.BAD_SIGNATURE,
                "not signed by the key it replaces");
        // The signature covers the new sealing key too: swap it and the rotation no longer verifies.
        assertRefused(ROTATION_BODY.replace("3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=", "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo="),
                ProtocolException.Reason.BAD_SIGNATURE, "not signed");
        assertRefused(ROTATION_BODY.replace(",\"rotation\":\"" + ROTATION_SIGNATURE + "\"", ""), ProtocolException.Reason.MALFORMED,
                "come together");
        assertRefused(FIRST_BODY.replace("}", ",\"extra\":1}"), ProtocolException.Reason.MALFORMED, "extra");
        assertRefused(FIRST_BODY.replace("\"name\":\"moon\"", "\"name\":\"Moon Jae-in\""), ProtocolException.Reason.MALFORMED, "name");
        assertRefused(FIRST_BODY.replace("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=", "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo"),
                ProtocolException.Reason.MALFORMED, "base64");
        assertRefused(FIRST_BODY.replace("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                ProtocolException.Reason.MALFORMED, "all-zero");
        assertRefused(FIRST_BODY.replace("A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=", "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJV"),
                ProtocolException.Reason.MALFORMED, "32 bytes");
        assertThatThrownBy(() -> PrincipalKey.rotate("moon", FIRST, FIRST.verifyingKey(), BOB)).hasMessageContaining("change the signing key");
    }

    private static void assertRefused(String body, ProtocolException.Reason reason, String says) {
        assertThatThrownBy(() -> EntryCodec.decodeBody(PrincipalKey.TYPE, utf8(body)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(says);
    }

    private static Entry at(long seq, Body body) {
        return new Entry(Entry.VERSION, LINE, STATION.verifyingKey().stationId(), seq, seq == 1 ? Optional.empty()
                : Optional.of(Hash.sha256(utf8("prev " + seq))), Head.EMPTY, Instant.parse("2021-07-27T01:00:00Z"), body);
    }

    @Test
    void theFoldFollowsRotationsAndDatesEachKey() {
        SigningKey third = ProtocolFixtures.key(2);
        List<Entry> chain = new ArrayList<>();
        chain.add(at(1, ProtocolFixtures.message("hello")));
        chain.add(at(2, PrincipalKey.first("moon", FIRST.verifyingKey(), ALICE)));
        chain.add(at(5, PrincipalKey.rotate("moon", FIRST, SECOND.verifyingKey(), BOB)));
        chain.add(at(9, PrincipalKey.rotate("moon", SECOND, third.verifyingKey(), ALICE)));
        PrincipalDirectory directory = PrincipalDirectory.fold(chain);

        assertThat(directory.refused()).isEmpty();
        assertThat(directory.current("moon")).hasValueSatisfying(span -> {
            assertThat(span.generation()).isEqualTo(3);
            assertThat(span.signing()).isEqualTo(third.verifyingKey());
            assertThat(span.fromSeq()).isEqualTo(9);
        });
        assertThat(directory.history("moon")).extracting(PrincipalDirectory.KeySpan::untilSeq)
                .containsExactly(java.util.OptionalLong.of(5), java.util.OptionalLong.of(9), java.util.OptionalLong.empty());

        assertThat(directory.keyAt("moon", FIRST.verifyingKey(), 4)).isInstanceOf(PrincipalDirectory.Valid.class);
        assertThat(directory.keyAt("moon", SECOND.verifyingKey(), 7)).isInstanceOf(PrincipalDirectory.Valid.class);
        assertThat(directory.keyAt("moon", FIRST.verifyingKey(), 6)).isInstanceOfSatisfying(PrincipalDirectory.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("rotated out at #5").contains("generation 1"));
        assertThat(directory.keyAt("moon", third.verifyingKey(), 8)).isInstanceOfSatisfying(PrincipalDirectory.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("announced only later, at #9"));
        assertThat(directory.keyAt("moon", STATION.verifyingKey(), 20)).isInstanceOfSatisfying(PrincipalDirectory.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("never announced"));
        assertThat(directory.keyAt("kim", FIRST.verifyingKey(), 20)).isInstanceOfSatisfying(PrincipalDirectory.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("no keys were ever announced for principal kim"));
    }

    @Test
    void theFoldRefusesWhatBreaksTheRules() {
        SigningKey stranger = ProtocolFixtures.key(50);
        PrincipalDirectory directory = PrincipalDirectory.fold(List.of(
                at(1, PrincipalKey.rotate("kim", stranger, FIRST.verifyingKey(), ALICE)),
                at(2, PrincipalKey.first("moon", FIRST.verifyingKey(), ALICE)),
                at(3, PrincipalKey.first("moon", SECOND.verifyingKey(), BOB)),
                at(4, PrincipalKey.rotate("moon", stranger, SECOND.verifyingKey(), BOB)),
                at(5, PrincipalKey.rotate("moon", FIRST, SECOND.verifyingKey(), BOB)),
                at(6, PrincipalKey.rotate("moon", SECOND, FIRST.verifyingKey(), ALICE))));

        assertThat(directory.refused()).extracting(PrincipalDirectory.Refused::seq).containsExactly(1L, 3L, 4L, 6L);
        assertThat(directory.refused()).extracting(PrincipalDirectory.Refused::reason).satisfiesExactly(
                reason -> assertThat(reason).contains("never announced"),
                reason -> assertThat(reason).contains("second first announcement"),
                reason -> assertThat(reason).contains("not its current one"),
                reason -> assertThat(reason).contains("back to a key it already retired"));
        assertThat(directory.current("moon").orElseThrow().signing()).isEqualTo(SECOND.verifyingKey());
        assertThat(directory.current("kim")).isEmpty();
    }
}
