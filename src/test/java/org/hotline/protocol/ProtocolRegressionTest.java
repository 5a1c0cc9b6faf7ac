package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.LINE;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.ProtocolException.Reason;
import org.junit.jupiter.api.Test;

/**
 * Regressions for protocol defects found while writing the protocol tests: bytes with more than
 * one reading (non-UTF-8 encodings, overlong forms, surrogates, a byte order mark), an entry that
 * held a finer time than its signed bytes, and equivocation inside a single batch.
 */
class ProtocolRegressionTest {
    private static final SigningKey KEY = ProtocolFixtures.key(0);

    private static SignedEntry entry(Instant at, String text) throws ProtocolException {
        return EntryAuthor.next(LINE, KEY, Head.EMPTY, Head.EMPTY, at, new Message(text, Priority.ROUTINE, "en"));
    }

    private static void assertMalformed(byte[] bytes) {
        assertThatThrownBy(() -> EntryCodec.decode(bytes))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.MALFORMED));
    }

    /** Replaces the first occurrence of {@code ascii} in {@code bytes} with {@code replacement}. */
    private static byte[] splice(byte[] bytes, String ascii, byte[] replacement) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = bytes[i + j] == needle[j];
            }
            if (match) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(bytes, 0, i);
                out.writeBytes(replacement);
                out.write(bytes, i + needle.length, bytes.length - i - needle.length);
                return out.toByteArray();
            }
        }
        throw new AssertionError(ascii + " not found");
    }

    /**
     * StrictJson promises "invalid UTF-8 ... refused, so that two readers can never disagree about
     * what signed bytes say", but Jackson's UTF-8 decoder does not reject overlong forms: c0 af is
     * read as '/'. Two different byte strings (two hashes) then read as the same entry, and any
     * strict UTF-8 reader (an auditor's tool, java.nio's decoder) refuses what the station accepted.
     */
    @Test
    void overlongUtf8IsRefused() throws Exception {
        SignedEntry genuine = entry(ProtocolFixtures.AT, "a/b");
        byte[] overlong = splice(genuine.bytes(), "a/b", new byte[] {'a', (byte) 0xc0, (byte) 0xaf, 'b'});

        assertMalformed(overlong);
    }

    /** UTF-8 never encodes surrogates; ed a0 80 is read by Jackson as a lone U+D800. */
    @Test
    void utf8EncodedSurrogatesAreRefused() throws Exception {
        SignedEntry genuine = entry(ProtocolFixtures.AT, "a/b");
        byte[] surrogate = splice(genuine.bytes(), "a/b", new byte[] {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'b'});

        assertMalformed(surrogate);
    }

    /**
     * The design: "An entry is a JSON object, serialised once to UTF-8 bytes". But
     * {@code FACTORY.createParser(byte[])} auto-detects the encoding, so UTF-16 and UTF-32 encodings
     * of an entry (and of a receipt) are accepted and read as the very same entry.
     */
    @Test
    void entriesAndReceiptsInOtherEncodingsThanUtf8AreRefused() throws Exception {
        String json = ProtocolFixtures.string(entry(ProtocolFixtures.AT, "hello").bytes());
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16, Charset.forName("UTF-32BE"))) {
            assertMalformed(json.getBytes(charset));
        }
        Receipt receipt = new Receipt(LINE, KEY.verifyingKey().stationId(), ProtocolFixtures.key(50).verifyingKey().stationId(),
                Head.of(1, Hash.sha256(utf8("x"))), Head.EMPTY, ProtocolFixtures.AT);
        byte[] utf16 = ProtocolFixtures.string(receipt.encode()).getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> Receipt.decode(utf16)).isInstanceOf(ProtocolException.class);
    }

    /**
     * Same as above for a leading UTF-8 byte-order mark. (RFC 8259 lets a parser ignore a BOM, so
     * this one is the least serious; listed because the codec is documented as strict and a BOM
     * gives a second byte string, with another hash, for the same entry.)
     */
    @Test
    void aByteOrderMarkIsRefused() throws Exception {
        byte[] bytes = entry(ProtocolFixtures.AT, "hello").bytes();
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        withBom.writeBytes(bytes);

        assertMalformed(withBom.toByteArray());
    }

    /**
     * EntryCodec.encode writes {@code at} truncated to milliseconds, but SignedEntry.sign keeps the
     * caller's untruncated Entry. TranscriptWriter passes clock.instant() (microseconds on Linux),
     * so the SignedEntry the author holds right after writing says a different {@code at} than its
     * own signed bytes, than what the peer parses and than what the author reloads from its store.
     * The same holds for SignedReceipt.sign / Receipt.encode.
     */
    @Test
    void aSignedEntrySaysWhatItsBytesSay() throws Exception {
        Instant precise = Instant.parse("2021-07-27T01:00:00.123456789Z");
        SignedEntry signed = entry(precise, "hello");
        assertThat(signed.entry()).isEqualTo(EntryCodec.decode(signed.bytes()));

        Receipt receipt = new Receipt(LINE, KEY.verifyingKey().stationId(), ProtocolFixtures.key(50).verifyingKey().stationId(),
                Head.of(1, Hash.sha256(utf8("x"))), Head.EMPTY, precise);
        SignedReceipt signedReceipt = SignedReceipt.sign(receipt, KEY);
        assertThat(signedReceipt.receipt()).isEqualTo(Receipt.decode(signedReceipt.bytes()));
    }

    /**
     * DESIGN GAP rather than a coding slip: two different validly signed entries with the same seq
     * inside one batch are proof of equivocation ("keep both, flag the line, never silently pick
     * one"), but ChainRules.check reports SEQ_GAP ("out of order") and the evidence is dropped with
     * the batch. Only a conflict with an already stored entry yields BatchVerdict.Equivocation.
     */
    @Test
    void twoVersionsOfOneSeqInOneBatchAreEquivocation() throws Exception {
        SigningKey peer = ProtocolFixtures.key(50);
        SignedEntry one = ProtocolFixtures.signed(peer, LINE, 1, Optional.empty(), Head.EMPTY, ProtocolFixtures.message("version A"));
        SignedEntry other = ProtocolFixtures.signed(peer, LINE, 1, Optional.empty(), Head.EMPTY, ProtocolFixtures.message("version B"));
        ChainRulesTest.FakeView view = new ChainRulesTest.FakeView();

        BatchVerdict verdict = ChainRules.check(LINE, peer.verifyingKey().stationId(), List.of(one, other), view, TimeBounds.ANY);

        assertThat(verdict).isInstanceOf(BatchVerdict.Equivocation.class);
    }
}
