package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.LINE;
import static org.hotline.protocol.ProtocolFixtures.OTHER_LINE;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.time.Instant;
import org.hotline.protocol.ProtocolException.Reason;
import org.hotline.protocol.ProtocolFixtures.Chain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Delivery receipts: station B acknowledges A's chain up to a head, signed by B. */
class ReceiptTest {
    private static final SigningKey A = ProtocolFixtures.key(0);
    private static final SigningKey B = ProtocolFixtures.key(50);
    private static final SigningKey C = ProtocolFixtures.key(150);
    private static final Instant AT = Instant.parse("2021-07-27T01:00:07.125Z");

    private final Chain chainA = new Chain(A, LINE);
    private final Chain chainB = new Chain(B, LINE);

    /** A has written three entries and B one; B acknowledges A's #3. */
    private Receipt receipt() {
        chainA.writeMany(3, Head.EMPTY);
        chainB.write("B's first", chainA.get(1).head());
        return new Receipt(LINE, chainB.id(), chainA.id(), chainA.head(), chainB.head(), AT);
    }

    private static void assertReason(Executable action, Reason reason) {
        assertThatThrownBy(action::execute)
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(reason));
    }

    @Test
    void signsParsesAndVerifies() throws Exception {
        Receipt receipt = receipt();
        SignedReceipt signed = SignedReceipt.sign(receipt, B);

        assertThat(Receipt.decode(signed.bytes())).isEqualTo(receipt);
        SignedReceipt parsed = SignedReceipt.parse(signed.bytes(), signed.signature());
        assertThat(parsed.receipt()).isEqualTo(receipt);
        parsed.verify(B.verifyingKey(), LINE, chainA.id(), chainA.head());

        SignedReceipt wire = SignedReceipt.parseBase64(signed.bytesBase64(), signed.signatureBase64());
        assertThat(wire.receipt()).isEqualTo(receipt);
        assertThat(wire.bytes()).isEqualTo(signed.bytes());
        wire.verify(B.verifyingKey(), LINE, chainA.id(), chainA.head());
    }

    @Test
    void roundTripsAReceiptWhoseSignerHasWrittenNothing() throws Exception {
        chainA.writeMany(1, Head.EMPTY);
        Receipt receipt = new Receipt(LINE, chainB.id(), chainA.id(), chainA.head(), Head.EMPTY, AT);
        SignedReceipt signed = SignedReceipt.sign(receipt, B);

        assertThat(ProtocolFixtures.string(signed.bytes())).contains("\"own\":null");
        assertThat(SignedReceipt.parse(signed.bytes(), signed.signature()).receipt()).isEqualTo(receipt);
    }

    @Test
    void encodesTheDocumentedFields() {
        String json = ProtocolFixtures.string(receipt().encode());
        assertThat(json)
                .startsWith("{\"v\":1,\"type\":\"receipt\",\"line\":\"" + LINE.value() + "\",\"by\":\"" + chainB.id().value() + "\"")
                .contains("\"of\":\"" + chainA.id().value() + "\"")
                .contains("\"head\":{\"seq\":3,\"hash\":\"" + chainA.head().hash().orElseThrow().hex() + "\"}")
                .contains("\"own\":{\"seq\":1,")
                .endsWith("\"at\":\"2021-07-27T01:00:07.125Z\"}");
    }

    @Test
    void refusesAReceiptAcknowledgingNothing() {
        assertThatThrownBy(() -> new Receipt(LINE, chainB.id(), chainA.id(), Head.EMPTY, Head.EMPTY, AT))
                .isInstanceOf(IllegalArgumentException.class);
        String json = ProtocolFixtures.string(receipt().encode());
        String head = json.substring(json.indexOf("\"head\":"), json.indexOf(",\"own\""));
        assertReason(() -> Receipt.decode(utf8(json.replace(head, "\"head\":null"))), Reason.MALFORMED);
    }

    @Test
    void verifyFailsForTheWrongSignerKey() throws Exception {
        SignedReceipt signed = SignedReceipt.sign(receipt(), B);

        assertReason(() -> signed.verify(C.verifyingKey(), LINE, chainA.id(), chainA.head()), Reason.BAD_SIGNATURE);
        assertReason(() -> signed.verify(A.verifyingKey(), LINE, chainA.id(), chainA.head()), Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyFailsForAReceiptOfAnotherHead() throws Exception {
        SignedReceipt signed = SignedReceipt.sign(receipt(), B);

        // We sent up to #3, the receipt is for #3; expecting #2 or a different #3 fails.
        assertReason(() -> signed.verify(B.verifyingKey(), LINE, chainA.id(), chainA.get(2).head()), Reason.BAD_RECEIPT);
        Head otherThree = Head.of(3, Hash.sha256(utf8("another #3")));
        assertReason(() -> signed.verify(B.verifyingKey(), LINE, chainA.id(), otherThree), Reason.BAD_RECEIPT);
        Head four = chainA.head().next(Hash.sha256(utf8("#4")));
        assertReason(() -> signed.verify(B.verifyingKey(), LINE, chainA.id(), four), Reason.BAD_RECEIPT);
    }

    @Test
    void verifyFailsForAnotherLineOrAuthor() throws Exception {
        SignedReceipt signed = SignedReceipt.sign(receipt(), B);

        assertReason(() -> signed.verify(B.verifyingKey(), OTHER_LINE, chainA.id(), chainA.head()), Reason.BAD_RECEIPT);
        assertReason(() -> signed.verify(B.verifyingKey(), LINE, C.verifyingKey().stationId(), chainA.head()), Reason.BAD_RECEIPT);
    }

    @Test
    void verifyFailsForAForgedBy() throws Exception {
        Receipt genuine = receipt();
        // B signs a receipt that claims to be by C.
        Receipt claimsC = new Receipt(LINE, C.verifyingKey().stationId(), genuine.of(), genuine.head(), genuine.own(), AT);
        SignedReceipt byB = SignedReceipt.sign(claimsC, B);
        assertReason(() -> byB.verify(B.verifyingKey(), LINE, chainA.id(), chainA.head()), Reason.BAD_RECEIPT);
        assertReason(() -> byB.verify(C.verifyingKey(), LINE, chainA.id(), chainA.head()), Reason.BAD_SIGNATURE);

        // C signs a receipt that claims to be by B.
        SignedReceipt byC = SignedReceipt.sign(genuine, C);
        assertReason(() -> byC.verify(B.verifyingKey(), LINE, chainA.id(), chainA.head()), Reason.BAD_SIGNATURE);
        assertReason(() -> byC.verify(C.verifyingKey(), LINE, chainA.id(), chainA.head()), Reason.BAD_RECEIPT);
    }

    @Test
    void verifyFailsForChangedBytesThatStillParse() throws Exception {
        SignedReceipt signed = SignedReceipt.sign(receipt(), B);
        String json = ProtocolFixtures.string(signed.bytes());
        byte[] changed = utf8(json.replace("\"at\":\"2021-07-27T01:00:07.125Z\"", "\"at\":\"2021-07-27T01:00:08.125Z\""));
        assertThat(changed).isNotEqualTo(signed.bytes());

        SignedReceipt parsed = SignedReceipt.parse(changed, signed.signature());
        assertReason(() -> parsed.verify(B.verifyingKey(), LINE, chainA.id(), chainA.head()), Reason.BAD_SIGNATURE);
    }

    @Test
    void parseKeepsItsOwnCopy() throws Exception {
        SignedReceipt signed = SignedReceipt.sign(receipt(), B);
        byte[] bytes = signed.bytes().clone();
        byte[] signature = signed.signature().clone();
        SignedReceipt parsed = SignedReceipt.parse(bytes, signature);
        signature[0] ^= 1;

        parsed.verify(B.verifyingKey(), LINE, chainA.id(), chainA.head());
    }

    @Test
    void decodeIsStrict() {
        String json = ProtocolFixtures.string(receipt().encode());

        assertReason(() -> Receipt.decode(utf8(json.replace("\"type\":\"receipt\"", "\"type\":\"message\""))), Reason.MALFORMED);
        assertReason(() -> Receipt.decode(utf8(json.replace("\"v\":1", "\"v\":2"))), Reason.UNSUPPORTED_VERSION);
        assertReason(() -> Receipt.decode(utf8(json.replace("\"v\":1,", "\"v\":1,\"v\":1,"))), Reason.MALFORMED);
        assertReason(() -> Receipt.decode(utf8(json.replace("\"type\":", "\"note\":\"x\",\"type\":"))), Reason.MALFORMED);
        assertReason(() -> Receipt.decode(utf8(json + "{}")), Reason.MALFORMED);
        assertReason(() -> Receipt.decode(utf8(json.replace("\"by\":\"", "\"by\":\"x"))), Reason.MALFORMED);
        assertReason(() -> Receipt.decode(utf8(json.substring(0, json.length() - 1) + " ".repeat(5000) + "}")), Reason.TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "null", "not json"})
    void decodeRefusesWhatIsNotAReceipt(String text) {
        assertReason(() -> Receipt.decode(utf8(text)), Reason.MALFORMED);
    }

    @Test
    void badBase64IsMalformed() {
        assertReason(() -> SignedReceipt.parseBase64("***", "AAAA"), Reason.MALFORMED);
    }
}
