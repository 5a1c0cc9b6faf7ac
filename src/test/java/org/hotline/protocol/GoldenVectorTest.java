package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.protocol.ProtocolFixtures.LINE;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.io.ByteArrayOutputStream;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fixed inputs, fixed outputs. The expected values were computed once by this code, and are then
 * checked independently here against the JDK's own SHA-256 and Ed25519 (SunEC, not Bouncy
 * Castle), a hand-written base32, and the RFC 8032 test vector, so a change of wire format or a
 * crypto mix-up shows up as a failure rather than the code agreeing with itself.
 */
class GoldenVectorTest {
    private static final HexFormat HEX = HexFormat.of();
    /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
    private static final byte[] X509_PREFIX = HEX.parseHex("302a300506032b6570032100");
    /** DER prefix of a PKCS#8 PrivateKeyInfo for a raw 32-byte Ed25519 seed. */
    private static final byte[] PKCS8_PREFIX = HEX.parseHex("302e020100300506032b657004220420");

    private static final String PUBLIC_KEY_HEX = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    private static final String STATION_ID = "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGA";

    private static final String FIRST_JSON = "{\"v\":1,\"line\":\"aaaaaaaaaaaaaaaaaaaaaaaaaa\","
            + "\"author\":\"KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGA\",\"seq\":1,\"prev\":null,"
            + "\"seen\":null,\"at\":\"2021-07-27T01:00:00.250Z\",\"type\":\"message\",\"body\":{"
            + "\"text\":\"남북 통신연락선 복원 — \\\"liaison\\\" line restored\\n10:00 KST\","
            + "\"priority\":\"urgent\",\"lang\":\"ko-KR\"}}";
    private static final String FIRST_HASH = "e12fe4ebe91f071a9d4cbb28e59b61a4516380562145f969a84be0ab3b89f810";
    private static final String FIRST_SIGNATURE = "1a572e6934effe837009b6f8582e154496e4b43b4e92de709381de6dbeecff2f"
            + "025723f5af6c6f1261cd33f82e2dc79f8bb68d22c86164ad1ae1d483c474c70a";

    private static final String SECOND_JSON = "{\"v\":1,\"line\":\"aaaaaaaaaaaaaaaaaaaaaaaaaa\","
            + "\"author\":\"KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGA\",\"seq\":2,"
            + "\"prev\":\"e12fe4ebe91f071a9d4cbb28e59b61a4516380562145f969a84be0ab3b89f810\","
            + "\"seen\":{\"seq\":3,\"hash\":\"2ffc1d06387ef8bb7a34312b6c6c3f691550684508c3ce7ee3889375a18d6fa0\"},"
            + "\"at\":\"2021-07-27T01:00:05Z\",\"type\":\"message\",\"body\":{"
            + "\"text\":\"Check-in call answered.\",\"priority\":\"flash\",\"lang\":\"en\"}}";
    private static final String SECOND_HASH = "e7950ab1e3bf1de95ddb2485305240f8cba975b576bc5e19f3ab563571219c72";
    private static final String SECOND_SIGNATURE = "80db1333f96b7e8ec251a261c415c6d6b55c23f5757c788de23ce68702ffc1e0"
            + "28eb5dc13d21d550447b704d06f9a99b50a6e0951f7e2c6b55a440e71f16110b";

    private static final SigningKey KEY = ProtocolFixtures.key(0);

    private static Entry firstEntry() {
        return new Entry(Entry.VERSION, LINE, KEY.verifyingKey().stationId(), 1, Optional.empty(), Head.EMPTY,
                Instant.parse("2021-07-27T01:00:00.250Z"),
                new Message("남북 통신연락선 복원 — \"liaison\" line restored\n10:00 KST", Priority.URGENT, "ko-KR"));
    }

    private static Entry secondEntry() {
        return new Entry(Entry.VERSION, LINE, KEY.verifyingKey().stationId(), 2, Optional.of(Hash.fromHex(FIRST_HASH)),
                Head.of(3, Hash.sha256(utf8("peer"))), Instant.parse("2021-07-27T01:00:05Z"),
                new Message("Check-in call answered.", Priority.FLASH, "en"));
    }

    @Test
    void keyFromFixedSeedHasKnownPublicKeyAndStationId() throws Exception {
        assertThat(HEX.formatHex(KEY.verifyingKey().bytes())).isEqualTo(PUBLIC_KEY_HEX);
        assertThat(KEY.verifyingKey().stationId().value()).isEqualTo(STATION_ID);
        assertThat(KEY.seed()).isEqualTo(HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));

        // Independently: the JDK derives the same public key from the same seed.
        assertThat(jdkPublicKeyOf(KEY.seed())).isEqualTo(PUBLIC_KEY_HEX);
        // Independently: station id = RFC 4648 base32 (no padding) of SHA-256 of the raw key.
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(HEX.parseHex(PUBLIC_KEY_HEX));
        assertThat(ProtocolFixtures.base32(digest)).isEqualTo(STATION_ID);
    }

    @Test
    void firstEntryHasExactBytesHashAndSignature() throws Exception {
        SignedEntry signed = SignedEntry.sign(firstEntry(), KEY);

        assertThat(ProtocolFixtures.string(signed.bytes())).isEqualTo(FIRST_JSON);
        assertThat(signed.bytes()).isEqualTo(utf8(FIRST_JSON));
        assertThat(signed.hash().hex()).isEqualTo(FIRST_HASH);
        assertThat(HEX.formatHex(signed.signature())).isEqualTo(FIRST_SIGNATURE);
        assertThat(signed.head()).isEqualTo(Head.of(1, Hash.fromHex(FIRST_HASH)));

        crossCheckWithJdk(utf8(FIRST_JSON), FIRST_HASH, FIRST_SIGNATURE);
    }

    @Test
    void secondEntryWithPrevAndSeenHasExactBytesHashAndSignature() throws Exception {
        SignedEntry signed = SignedEntry.sign(secondEntry(), KEY);

        assertThat(ProtocolFixtures.string(signed.bytes())).isEqualTo(SECOND_JSON);
        assertThat(signed.hash().hex()).isEqualTo(SECOND_HASH);
        assertThat(HEX.formatHex(signed.signature())).isEqualTo(SECOND_SIGNATURE);

        crossCheckWithJdk(utf8(SECOND_JSON), SECOND_HASH, SECOND_SIGNATURE);
    }

    private static final String COSIGN_JSON = "{\"v\":1,\"line\":\"aaaaaaaaaaaaaaaaaaaaaaaaaa\","
            + "\"author\":\"KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGA\",\"seq\":3,"
            + "\"prev\":\"e7950ab1e3bf1de95ddb2485305240f8cba975b576bc5e19f3ab563571219c72\",\"seen\":null,"
            + "\"at\":\"2021-07-27T01:00:09Z\",\"type\":\"cosign\","
            + "\"body\":{\"draft\":\"7743ce348d9284d677a185f33295b92266cc435a5b5f775029b300066d26693a\","
            + "\"textHash\":\"982d9e3eb996f559e633f4d194def3761d909f5a3b647d1a851fead67c32c9d1\",\"principal\":\"moon\","
            + "\"key\":\"JhgXlhiNV8KxHOA0iEuxtH0Vx0TVq/ZWQsSeQl3Is0Q=\","
            + "\"signature\":\"WeDy0O60GU6cdO2APbR61lP6CRiLkeY7hWZ/jrVg+MObhRI59iukNi+1fokfVMfI+FP0A/twXyruBu/7/v56DQ==\","
            + "\"keys\":\"48a53f0774c8ceff574a1fdcb0d470dbd382b3db273cff4344b6d39d5379c923\"}}";
    private static final String COSIGN_SIGNATURE = "3baa9a57de6a375c12a6967e6c0bcc75cd436916b5cbd1424459976731b13899"
            + "85642aa5600e1273364fca3d89423b282cdc11d303932d9772578c09a34c2000";
    private static final String BUNDLE_HEADER_SHA256 = "46e9c97f2148657b6437a11cd82be4906d064ca5e6e101c57cd7bf4c68a365cb";
    private static final String STATEMENT_KEYS_SHA256 = "36fda5b39a1a415a8be8acc54b06f17d0b01e4321ef624dbfad5841607035baf";

    /** A cosign entry with the key-history anchor ({@code keys}), the field added for complete key histories. */
    private static Entry cosignEntry() {
        SigningKey moon = ProtocolFixtures.key(30);
        Hash textHash = Hash.sha256(utf8("text"));
        return new Entry(Entry.VERSION, LINE, KEY.verifyingKey().stationId(), 3, Optional.of(Hash.fromHex(SECOND_HASH)), Head.EMPTY,
                Instant.parse("2021-07-27T01:00:09Z"), new Cosign(Hash.sha256(utf8("draft")), textHash, "moon", moon.verifyingKey(),
                        java.util.Base64.getEncoder().encodeToString(moon.sign(textHash.bytes())), Optional.of(Hash.sha256(utf8("keys")))));
    }

    @Test
    void aCosignWithItsKeyHistoryAnchorHasExactBytesAndParsesBack() throws Exception {
        SignedEntry signed = SignedEntry.sign(cosignEntry(), KEY);

        assertThat(ProtocolFixtures.string(signed.bytes())).isEqualTo(COSIGN_JSON);
        assertThat(HEX.formatHex(signed.signature())).isEqualTo(COSIGN_SIGNATURE);
        crossCheckWithJdk(utf8(COSIGN_JSON), signed.hash().hex(), COSIGN_SIGNATURE);
        assertThat(SignedEntry.parse(utf8(COSIGN_JSON), HEX.parseHex(COSIGN_SIGNATURE)).entry()).isEqualTo(cosignEntry());
    }

    @Test
    void theBundleHeaderAndTheStatementKeyAttestationHaveFixedBytes() throws Exception {
        SigningKey other = ProtocolFixtures.key(50);
        byte[] header = TranscriptBundle.header(LINE, java.util.List.of(
                new TranscriptBundle.Party(KEY.verifyingKey().stationId(), "Blue House", KEY.verifyingKey(), Head.of(2, Hash.fromHex(SECOND_HASH))),
                new TranscriptBundle.Party(other.verifyingKey().stationId(), "State Affairs Commission", other.verifyingKey(), Head.EMPTY)));
        assertThat(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(header))).isEqualTo(BUNDLE_HEADER_SHA256);

        SignedEntry key = SignedEntry.sign(new Entry(Entry.VERSION, LINE, KEY.verifyingKey().stationId(), 1, Optional.empty(), Head.EMPTY,
                Instant.parse("2021-07-27T01:00:00Z"), PrincipalKey.first("moon", ProtocolFixtures.key(30).verifyingKey(),
                        SealingPublicKey.of(Hash.sha256(utf8("sealing")).bytes()))), KEY);
        Statement statement = new Statement(KEY.verifyingKey().stationId(), "Blue House", KEY.verifyingKey(), "moon",
                ProtocolFixtures.key(30).verifyingKey(), "Title", "en", Instant.parse("2021-07-27T02:00:00Z"), "Text.", java.util.List.of(),
                "sig", java.util.List.of(Statement.Quote.of(key, KEY.verifyingKey())));
        assertThat(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(statement.keysAttestation()))).isEqualTo(STATEMENT_KEYS_SHA256);
    }

    @Test
    void goldenBytesParseBackToTheSameEntriesAndVerify() throws Exception {
        SignedEntry first = SignedEntry.parse(utf8(FIRST_JSON), HEX.parseHex(FIRST_SIGNATURE));
        SignedEntry second = SignedEntry.parse(utf8(SECOND_JSON), HEX.parseHex(SECOND_SIGNATURE));

        assertThat(first.entry()).isEqualTo(firstEntry());
        assertThat(second.entry()).isEqualTo(secondEntry());
        assertThat(first.hash().hex()).isEqualTo(FIRST_HASH);
        assertThat(second.entry().prev()).contains(first.hash());
        first.verifySignature(VerifyingKey.of(HEX.parseHex(PUBLIC_KEY_HEX)));
        second.verifySignature(VerifyingKey.of(HEX.parseHex(PUBLIC_KEY_HEX)));
    }

    @Test
    void koreanTextIsWrittenAsRawUtf8NotEscaped() {
        byte[] bytes = utf8(FIRST_JSON);
        // "남" is U+B0A8, UTF-8 eb 82 a8; it must appear as is, not as \\ub0a8.
        assertThat(HEX.formatHex(bytes)).contains("eb82a8");
        assertThat(FIRST_JSON).doesNotContain("\\u");
    }

    @Test
    void rfc8032TestVector1() {
        byte[] secret = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] expected = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

        SigningKey key = SigningKey.fromSeed(secret);
        assertThat(key.verifyingKey().bytes()).isEqualTo(publicKey);
        assertThat(key.sign(new byte[0])).isEqualTo(expected);

        VerifyingKey verifier = VerifyingKey.of(publicKey);
        assertThat(verifier).isEqualTo(key.verifyingKey());
        assertThat(verifier.verify(new byte[0], expected)).isTrue();
        assertThat(verifier.verify(new byte[] {0}, expected)).isFalse();
        byte[] broken = expected.clone();
        broken[63] ^= 0x01;
        assertThat(verifier.verify(new byte[0], broken)).isFalse();
    }

    @Test
    void seedRoundTripsAndKeysStayApart() {
        SigningKey other = ProtocolFixtures.key(1);
        assertThat(SigningKey.fromSeed(KEY.seed()).verifyingKey()).isEqualTo(KEY.verifyingKey());
        assertThat(other.verifyingKey()).isNotEqualTo(KEY.verifyingKey());
        assertThat(VerifyingKey.fromBase64(KEY.verifyingKey().base64())).isEqualTo(KEY.verifyingKey());
        assertThat(KEY.toString()).doesNotContain(HEX.formatHex(KEY.seed()));
    }

    // --- independent implementations -------------------------------------------------------

    private static void crossCheckWithJdk(byte[] bytes, String hashHex, String signatureHex) throws Exception {
        assertThat(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(hashHex);

        PublicKey publicKey = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, HEX.parseHex(PUBLIC_KEY_HEX))));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(bytes);
        assertThat(verifier.verify(HEX.parseHex(signatureHex))).as("JDK Ed25519 verifies the signature").isTrue();

        // Ed25519 is deterministic: the JDK signing the same bytes with the same seed agrees.
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, KEY.seed())));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        signer.update(bytes);
        assertThat(HEX.formatHex(signer.sign())).isEqualTo(signatureHex);
    }

    /**
     * The JDK's own Ed25519 key pair generator, fed the seed as its "random" bytes, gives the public
     * key; its X.509 encoding ends with the raw 32 bytes.
     */
    private static String jdkPublicKeyOf(byte[] seed) throws Exception {
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                assertThat(bytes).hasSize(seed.length);
                System.arraycopy(seed, 0, bytes, 0, seed.length);
            }
        };
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, fixed);
        byte[] encoded = generator.generateKeyPair().getPublic().getEncoded();
        assertThat(Arrays.copyOfRange(encoded, 0, X509_PREFIX.length)).isEqualTo(X509_PREFIX);
        return HEX.formatHex(Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
