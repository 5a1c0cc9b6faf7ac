package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.hotline.Station;
import org.hotline.delivery.PeerClient;
import org.hotline.delivery.PeerRefusedException;
import org.hotline.delivery.Wire;
import org.hotline.line.LineSummary;
import org.hotline.protocol.Entry;
import org.hotline.protocol.EntryAuthor;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;
import org.hotline.store.Evidence;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real peer B, with its real key and certificate, sends A batches that break the transcript
 * rules. Each is refused with its reason, nothing of it is stored, and the line keeps working.
 */
@Timeout(value = 60)
class HostileBatchesTest {
    private static final String LINE = "liaison";

    @TempDir
    Path temp;

    private Station a;
    private Station b;
    private Path bDir;
    private SigningKey bKey;
    private StationId aId;
    private StationId bId;
    private LineId line;
    private PeerClient asB;

    @BeforeEach
    void pairAndTalk() throws Exception {
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        a = TestStations.start(aDir);
        b = TestStations.start(bDir);
        TestStations.pair(a, b, LINE);
        aId = a.identity().id();
        bId = b.identity().id();
        line = TestStations.line(a, LINE).id();
        bKey = TestStations.key(bDir);
        assertThat(bKey.verifyingKey().stationId()).isEqualTo(bId);
        b.lines().send(LINE, new Message("b one", Priority.ROUTINE, "en"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
        a.lines().send(LINE, new Message("a one", Priority.ROUTINE, "en"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
        b.lines().send(LINE, new Message("b two", Priority.ROUTINE, "en"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
        asB = TestStations.client(bDir, aId, TestStations.federationAddress(a));
    }

    @AfterEach
    void stop() {
        if (asB != null) {
            asB.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void badSignatureIsRefused() throws Exception {
        TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
        SignedEntry next = nextOfB("properly signed");

        byte[] signature = next.signature();
        signature[7] ^= 0x01;
        SignedEntry badSignature = new SignedEntry(next.bytes(), signature, next.entry(), next.hash());
        assertRefused(List.of(badSignature), 403, "BAD_SIGNATURE", 2);

        // Bytes altered after signing: the signature no longer covers them.
        byte[] bytes = next.bytes();
        String text = new String(bytes, StandardCharsets.UTF_8).replace("properly signed", "properly Signed");
        SignedEntry altered = SignedEntry.parse(text.getBytes(StandardCharsets.UTF_8), next.signature());
        assertRefused(List.of(altered), 403, "BAD_SIGNATURE", 2);

        // Signed with another key (A's own) while claiming to be B's.
        Entry claimed = next.entry();
        SignedEntry wrongKey = SignedEntry.sign(claimed, a.identity().key());
        assertRefused(List.of(wrongKey), 403, "BAD_SIGNATURE", 2);

        // A valid entry followed by a badly signed one: the whole batch is refused.
        assertRefused(List.of(next, badSignatureAfter(next)), 403, "BAD_SIGNATURE", 2);

        assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
        assertLineStillWorks();
    }

    @Test
    void gapsBadLinksAndForeignEntriesAreRefusedAndNothingOfTheBatchIsStored() throws Exception {
        TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
        Head bHead = headOf(b, bId);
        Head seen = headOf(b, aId);
        Hash someHash = Hash.sha256("elsewhere".getBytes(StandardCharsets.UTF_8));

        SignedEntry skipping = signB(new Entry(Entry.VERSION, line, bId, bHead.seq() + 2, Optional.of(someHash), seen, Instant.now(),
                message("skips #3")));
        assertRefused(List.of(skipping), 409, "SEQ_GAP", 2);

        // #3 is fine, #5 is not: #3 must not be stored either.
        SignedEntry third = nextOfB("a fine third");
        SignedEntry fifth = signB(new Entry(Entry.VERSION, line, bId, bHead.seq() + 3, Optional.of(third.hash()), seen, Instant.now(),
                message("skips #4")));
        assertRefused(List.of(third, fifth), 409, "SEQ_GAP", 2);
        // Out of order within a batch.
        SignedEntry fourth = EntryAuthor.next(line, bKey, third.head(), seen, Instant.now(), message("fourth"));
        assertRefused(List.of(fourth, third), 409, "SEQ_GAP", 2);

        SignedEntry badPrev = signB(new Entry(Entry.VERSION, line, bId, bHead.seq() + 1, Optional.of(someHash), seen, Instant.now(),
                message("wrong prev")));
        assertRefused(List.of(badPrev), 409, "BAD_PREV", 2);

        SignedEntry seenNeverWritten = signB(new Entry(Entry.VERSION, line, bId, bHead.seq() + 1, bHead.hash(),
                Head.of(seen.seq() + 5, someHash), Instant.now(), message("seen the future")));
        assertRefused(List.of(seenNeverWritten), 409, "BAD_SEEN", 2);
        SignedEntry seenWrongHash = signB(new Entry(Entry.VERSION, line, bId, bHead.seq() + 1, bHead.hash(),
                Head.of(seen.seq(), someHash), Instant.now(), message("seen a forgery")));
        assertRefused(List.of(seenWrongHash), 409, "BAD_SEEN", 2);
        SignedEntry seenBackwards = signB(new Entry(Entry.VERSION, line, bId, bHead.seq() + 1, bHead.hash(),
                Head.EMPTY, Instant.now(), message("forgot what it saw")));
        assertRefused(List.of(seenBackwards), 409, "BAD_SEEN", 2);

        // More entries than a batch may hold, refused before any of them is looked at.
        SignedEntry small = nextOfB("many");
        assertRefused(java.util.Collections.nCopies(1001, small), 413, "TOO_LARGE", 2);
        // The same entry twice in one batch.
        assertRefused(List.of(small, small), 409, "SEQ_GAP", 2);

        LineId otherLine = LineId.random(new SecureRandom());
        SignedEntry wrongLine = EntryAuthor.next(otherLine, bKey, bHead, seen, Instant.now(), message("for another line"));
        assertRefused(List.of(wrongLine), 403, "WRONG_LINE", 2);

        assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
        assertThat(a.store().evidence(line)).isEmpty();
        assertThat(TestStations.summary(a, LINE).flag()).isEmpty();
        assertLineStillWorks();
    }

    @Test
    void replayedBatchIsAcknowledgedAgainAndStoresNothing() throws Exception {
        TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
        List<SignedEntry> delivered = TestStations.chain(b, LINE, bId).stream().map(StoredEntry::signed).toList();
        assertThat(delivered).hasSize(2);

        SignedReceipt receipt = asB.push(line, delivered);
        receipt.verify(a.identity().key().verifyingKey(), line, bId, delivered.getLast().head());
        assertThat(receipt.receipt().own()).isEqualTo(headOf(a, aId));

        // The raw answer says how many were fresh.
        HttpResponse<byte[]> response = post(Wire.JSON.writeValueAsBytes(Wire.Batch.of(delivered)), "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        Wire.Delivered answer = Wire.JSON.readValue(response.body(), Wire.Delivered.class);
        assertThat(answer.fresh()).isZero();
        assertThat(answer.duplicates()).isEqualTo(2);
        // A tail of it alone is a replay too.
        assertThat(asB.push(line, delivered.subList(1, 2)).receipt().head()).isEqualTo(delivered.getLast().head());

        assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
        assertThat(TestStations.chain(a, LINE, bId)).extracting(StoredEntry::signed).containsExactlyElementsOf(delivered);
        assertLineStillWorks();
    }

    @Test
    void equivocationIsRefusedKeptAsEvidenceAndFlagsTheLine() throws Exception {
        List<StoredEntry> beforeEntries = TestStations.stored(a, LINE);
        SignedEntry realFirst = TestStations.chain(a, LINE, bId).getFirst().signed();
        SignedEntry otherFirst = EntryAuthor.next(line, bKey, Head.EMPTY, Head.EMPTY, Instant.now(),
                message("b one, but said differently"));
        assertThat(otherFirst.entry().seq()).isEqualTo(1);
        assertThat(otherFirst.hash()).isNotEqualTo(realFirst.hash());

        PeerRefusedException refused = refusal(List.of(otherFirst));
        assertThat(refused.refusal().error()).isEqualTo("EQUIVOCATION");
        assertThat(refused.status()).isEqualTo(409);

        List<Evidence> evidence = a.store().evidence(line);
        assertThat(evidence).hasSize(1);
        assertThat(evidence.getFirst().conflicting()).isEqualTo(otherFirst);
        assertThat(evidence.getFirst().storedHash()).isEqualTo(realFirst.hash());
        assertThat(evidence.getFirst().conflicting().entry().author()).isEqualTo(bId);
        LineSummary flagged = TestStations.summary(a, LINE);
        assertThat(flagged.flag()).isPresent();
        assertThat(flagged.flag().orElseThrow()).contains("equivocation").contains("#1");
        // Nothing was replaced: the entry first received stays in the transcript.
        assertThat(TestStations.stored(a, LINE)).extracting(s -> s.signed().hash())
                .containsExactlyElementsOf(beforeEntries.stream().map(s -> s.signed().hash()).toList());

        // Sending the same proof again does not duplicate the evidence.
        assertThat(refusal(List.of(otherFirst)).refusal().error()).isEqualTo("EQUIVOCATION");
        assertThat(a.store().evidence(line)).hasSize(1);

        // Two versions of a new seq in one batch: both are kept, neither is stored as an entry.
        Head bHead = headOf(b, bId);
        Head seen = headOf(b, aId);
        SignedEntry thirdOne = EntryAuthor.next(line, bKey, bHead, seen, Instant.now(), message("third, version one"));
        SignedEntry thirdTwo = EntryAuthor.next(line, bKey, bHead, seen, Instant.now(), message("third, version two"));
        assertThat(refusal(List.of(thirdOne, thirdTwo)).refusal().error()).isEqualTo("EQUIVOCATION");
        assertThat(a.store().evidence(line)).extracting(Evidence::conflicting)
                .contains(otherFirst, thirdOne, thirdTwo);
        assertThat(TestStations.chain(a, LINE, bId)).hasSize(2);

        // The line is flagged, not dead: both directions still deliver.
        assertLineStillWorks();
        assertThat(TestStations.summary(a, LINE).flag()).isPresent();
    }

    @Test
    void malformedRequestsGetAJsonRefusalAndStoreNothing() throws Exception {
        TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
        SignedEntry valid = nextOfB("never stored");
        String goodEntry = "{\"bytes\":\"" + valid.bytesBase64() + "\",\"sig\":\"" + valid.signatureBase64() + "\"}";
        byte[] invalidUtf8 = org.bouncycastle.util.Arrays.concatenate("{\"entries\":[{\"bytes\":\"".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE},
                "\",\"sig\":\"AAAA\"}]}".getBytes(StandardCharsets.US_ASCII));
        String base64OfNotJson = Base64.getEncoder().encodeToString("not an entry".getBytes(StandardCharsets.UTF_8));

        record Attempt(String what, String contentType, byte[] body) {}
        List<Attempt> attempts = new ArrayList<>();
        attempts.add(new Attempt("truncated JSON", "application/json", bytes("{\"entries\":[" + goodEntry)));
        attempts.add(new Attempt("not JSON", "application/json", bytes("hello")));
        attempts.add(new Attempt("empty body", "application/json", new byte[0]));
        attempts.add(new Attempt("JSON null", "application/json", bytes("null")));
        attempts.add(new Attempt("JSON array", "application/json", bytes("[" + goodEntry + "]")));
        attempts.add(new Attempt("no entries", "application/json", bytes("{\"entries\":[]}")));
        attempts.add(new Attempt("entries null", "application/json", bytes("{\"entries\":null}")));
        attempts.add(new Attempt("entry null", "application/json", bytes("{\"entries\":[null]}")));
        attempts.add(new Attempt("entry lacks sig", "application/json", bytes("{\"entries\":[{\"bytes\":\"" + valid.bytesBase64() + "\"}]}")));
        attempts.add(new Attempt("unknown field", "application/json", bytes("{\"entries\":[" + goodEntry + "],\"admin\":true}")));
        attempts.add(new Attempt("duplicate field", "application/json", bytes("{\"entries\":[" + goodEntry + "],\"entries\":[" + goodEntry + "]}")));
        attempts.add(new Attempt("trailing garbage", "application/json", bytes("{\"entries\":[" + goodEntry + "]} x")));
        attempts.add(new Attempt("deep nesting", "application/json", bytes("[".repeat(5000) + "]".repeat(5000))));
        attempts.add(new Attempt("invalid UTF-8", "application/json", invalidUtf8));
        attempts.add(new Attempt("base64 garbage", "application/json", bytes("{\"entries\":[{\"bytes\":\"!!!\",\"sig\":\"???\"}]}")));
        attempts.add(new Attempt("bytes not an entry", "application/json",
                bytes("{\"entries\":[{\"bytes\":\"" + base64OfNotJson + "\",\"sig\":\"" + valid.signatureBase64() + "\"}]}")));
        attempts.add(new Attempt("wrong content type", "text/plain", bytes("{\"entries\":[" + goodEntry + "]}")));
        attempts.add(new Attempt("form content type", "application/x-www-form-urlencoded", bytes("entries=1")));
        attempts.add(new Attempt("no content type", null, bytes("{\"entries\":[" + goodEntry + "]}")));

        for (Attempt attempt : attempts) {
            HttpResponse<byte[]> response = post(attempt.body(), attempt.contentType());
            assertJsonRefusal(attempt.what(), response);
        }
        assertThat(post(bytes("{\"entries\":[" + goodEntry + "]}"), "text/plain").statusCode()).isEqualTo(415);

        // Unknown and malformed line ids in the path.
        HttpResponse<byte[]> unknownLine = send(HttpRequest.newBuilder(
                        TestStations.federationUri(a, "lines/" + LineId.random(new SecureRandom()).value() + "/entries"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"entries\":[" + goodEntry + "]}"))
                .build());
        assertJsonRefusal("unknown line", unknownLine);
        assertThat(unknownLine.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> badLine = send(HttpRequest.newBuilder(TestStations.federationUri(a, "lines/NOT..A..LINE/entries"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"entries\":[" + goodEntry + "]}"))
                .build());
        assertJsonRefusal("malformed line id", badLine);

        assertThat(TestStations.Snapshot.of(a, LINE)).isEqualTo(before);
        assertThat(a.store().evidence(line)).isEmpty();
        assertLineStillWorks();
    }

    // --- helpers -------------------------------------------------------------------------------

    private void assertJsonRefusal(String what, HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).as("%s: status", what).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type")).as("%s: content type", what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = Wire.JSON.readTree(response.body());
        assertThat(body.path("error").isTextual()).as("%s: error in %s", what, new String(response.body(), StandardCharsets.UTF_8)).isTrue();
        assertThat(body.path("reason").isTextual()).as("%s: reason", what).isTrue();
        assertThat(body.path("reason").textValue()).as("%s: reason", what).isNotBlank();
    }

    private HttpResponse<byte[]> post(byte[] body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(TestStations.federationUri(a, "lines/" + line.value() + "/entries"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        try (HttpClient http = TestStations.rawClient(bDir, aId)) {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private void assertRefused(List<SignedEntry> batch, int status, String error, long have) {
        PeerRefusedException refused = refusal(batch);
        assertThat(refused.refusal().error()).isEqualTo(error);
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.refusal().reason()).isNotBlank();
        assertThat(refused.refusal().have()).isEqualTo(have);
    }

    private PeerRefusedException refusal(List<SignedEntry> batch) {
        PeerRefusedException refused = catchThrowableOfType(PeerRefusedException.class, () -> asB.push(line, batch));
        assertThat(refused).as("batch %s must be refused", batch).isNotNull();
        return refused;
    }

    /** After any refusal, B's real station still delivers to A and A to B. */
    private void assertLineStillWorks() {
        TestStations.assertLineStillWorks(a, b, LINE);
    }

    /** A validly signed entry that would come right after B's real head. */
    private SignedEntry nextOfB(String text) throws Exception {
        Head head = headOf(b, bId);
        return EntryAuthor.next(line, bKey, head, headOf(b, aId), Instant.now(), message(text));
    }

    private SignedEntry badSignatureAfter(SignedEntry previous) throws Exception {
        SignedEntry next = EntryAuthor.next(line, bKey, previous.head(), previous.entry().seen(), Instant.now(), message("badly signed"));
        byte[] signature = next.signature();
        signature[0] ^= 0x40;
        return new SignedEntry(next.bytes(), signature, next.entry(), next.hash());
    }

    private SignedEntry signB(Entry entry) throws Exception {
        return SignedEntry.sign(entry, bKey);
    }

    private static Head headOf(Station station, StationId author) {
        List<StoredEntry> chain = TestStations.chain(station, LINE, author);
        return chain.isEmpty() ? Head.EMPTY : chain.getLast().signed().head();
    }

    private static Message message(String text) {
        return new Message(text, Priority.ROUTINE, "en");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
