package org.hotline.fuzz;

import static org.hotline.fuzz.FuzzWorld.CUT;
import static org.hotline.fuzz.FuzzWorld.OPEN;
import static org.hotline.fuzz.FuzzWorld.PEER;
import static org.hotline.fuzz.FuzzWorld.PEER_ID;
import static org.hotline.fuzz.FuzzWorld.US;
import static org.hotline.fuzz.FuzzWorld.US_ID;
import static org.hotline.fuzz.FuzzWorld.message;
import static org.hotline.fuzz.FuzzWorld.peerNext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.delivery.Wire;
import org.hotline.protocol.Answer;
import org.hotline.protocol.Body;
import org.hotline.protocol.Call;
import org.hotline.protocol.CallKind;
import org.hotline.protocol.Head;
import org.hotline.protocol.Message;
import org.hotline.protocol.Missed;
import org.hotline.protocol.Priority;
import org.hotline.protocol.RestoreAccept;
import org.hotline.protocol.RestoreProposal;
import org.hotline.protocol.ScheduleAccept;
import org.hotline.protocol.ScheduleProposal;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.Suspend;

/**
 * The committed seed corpus of the fuzz tests, written from {@link FuzzWorld} so that every valid
 * seed really is valid: entries that extend, replay or fork the peer's chain, every body type,
 * and a few malformed ones. {@code FuzzSeedsTest} fails when the committed files differ from what
 * this writes; regenerate them with
 * {@code ./run-tests -Dtest=FuzzSeedsTest -Dhotline.fuzz.writeSeeds=true}.
 */
final class FuzzSeeds {
    static final Path RESOURCES = Path.of("src/test/resources/org/hotline/fuzz");
    static final String ENTRIES = "EntryFuzzTestInputs/entries";
    static final String BODY = "FederationFuzzTestInputs/body";
    static final String SIGNED_BATCH = "FederationFuzzTestInputs/signedBatch";

    private FuzzSeeds() {}

    /** Every seed file, by its path under {@link #RESOURCES}. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Map<String, byte[]> batches = batches();
        batches.forEach((name, bytes) -> seeds.put(ENTRIES + "/" + name, bytes));
        batches.forEach((name, bytes) -> seeds.put(SIGNED_BATCH + "/" + name, bytes));
        cutLine().forEach((name, bytes) -> seeds.put(SIGNED_BATCH + "/" + name, bytes));
        sequences().forEach((name, bytes) -> seeds.put(SIGNED_BATCH + "/" + name, bytes));
        bodies().forEach((name, bytes) -> seeds.put(BODY + "/" + name, bytes));
        return seeds;
    }

    /** Batches on the open line, as NUL-separated entry bytes (the targets sign them as the peer). */
    private static Map<String, byte[]> batches() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        SignedEntry next = peerNext(OPEN, null, message("B four"));
        SignedEntry after = peerNext(OPEN, next, new Message("B five, urgent", Priority.URGENT, "ko-KR"));
        List<SignedEntry> peerChain = FuzzWorld.chain(OPEN, PEER_ID);
        List<SignedEntry> ourChain = FuzzWorld.chain(OPEN, US_ID);
        SignedEntry b3 = peerChain.get(2);
        Head ourHead = FuzzWorld.head(OPEN, US_ID);
        Instant at = FuzzWorld.START.plusSeconds(200);

        seeds.put("next-message", next.bytes());
        seeds.put("next-two", join(next, after));
        seeds.put("replay", join(peerChain.toArray(SignedEntry[]::new)));
        seeds.put("replay-then-next", join(b3, next));
        seeds.put("next-escaped-text", peerNext(OPEN, null, message("caf\u00e9 \"quoted\" \\ tab\t \ud83d\udcde 直通")).bytes());
        Map<String, Body> bodies = new LinkedHashMap<>();
        bodies.put("call", new Call(CallKind.WATCH_TEST, Instant.parse("2021-07-27T09:00:00Z"), Duration.ofMinutes(5)));
        bodies.put("answer", new Answer(3, "duty officer", 1250));
        bodies.put("missed", new Missed(3));
        bodies.put("suspend", new Suspend(true, "cut by B"));
        bodies.put("suspend-silent", new Suspend(false, ""));
        bodies.put("restore-proposal", new RestoreProposal("let us talk again"));
        bodies.put("restore-accept", new RestoreAccept(3));
        bodies.put("schedule", new ScheduleProposal(List.of("0 0 9 ? * MON-FRI", "0 0 17 ? * MON-FRI"), "Asia/Seoul",
                ScheduleProposal.ALTERNATE, CallKind.LINK_TEST, Duration.ofMinutes(10), Instant.parse("2021-08-01T00:00:00Z")));
        bodies.put("schedule-accept", new ScheduleAccept(3));
        bodies.forEach((name, body) -> seeds.put("next-" + name, peerNext(OPEN, null, body).bytes()));

        SignedEntry forked = FuzzWorld.sign(PEER, OPEN, 3, b3.entry().prev(), b3.entry().seen(), b3.entry().at(), message("B three, rewritten"));
        seeds.put("equivocation", forked.bytes());
        SignedEntry nextForked = peerNext(OPEN, null, message("B four, the other one"));
        seeds.put("equivocation-in-batch", join(next, nextForked));
        seeds.put("seq-gap", FuzzWorld.sign(PEER, OPEN, 5, Optional.of(next.hash()), ourHead, at, message("B five")).bytes());
        seeds.put("bad-prev", FuzzWorld.sign(PEER, OPEN, 4, Optional.of(ourHead.hash().orElseThrow()), ourHead, at, message("x")).bytes());
        seeds.put("seen-never-written", FuzzWorld.sign(PEER, OPEN, 4, b3.head().hash(), ourHead.next(b3.hash()), at, message("x")).bytes());
        seeds.put("seen-backwards", FuzzWorld.sign(PEER, OPEN, 4, b3.head().hash(), ourChain.getFirst().head(), at, message("x")).bytes());
        seeds.put("wrong-line", FuzzWorld.sign(PEER, CUT, 4, b3.head().hash(), ourHead, at, message("x")).bytes());
        seeds.put("wrong-author", FuzzWorld.sign(US, OPEN, 4, ourHead.hash(), b3.head(), at, message("x")).bytes());

        String valid = new String(next.bytes(), StandardCharsets.UTF_8);
        seeds.put("malformed-empty-object", utf8("{}"));
        seeds.put("malformed-array", utf8("[]"));
        seeds.put("malformed-version", utf8(valid.replace("{\"v\":1,", "{\"v\":2,")));
        seeds.put("malformed-duplicate-key", utf8(valid.replace("{\"v\":1,", "{\"v\":1,\"v\":1,")));
        seeds.put("malformed-unknown-field", utf8(valid.replace("{\"v\":1,", "{\"v\":1,\"extra\":{\"a\":[1,2.5,-3e9,true,null]},")));
        seeds.put("malformed-unknown-type", utf8(valid.replace("\"type\":\"message\"", "\"type\":\"letter\"")));
        seeds.put("malformed-trailing", utf8(valid + " {}"));
        seeds.put("malformed-deep", utf8(valid.replace("\"body\":{", "\"body\":{\"x\":[[[[[[[[[[1]]]]]]]]]],")));
        seeds.put("next-at-nanoseconds", utf8(valid.replaceFirst("(\"at\":\"[^\"]+)Z\"", "$1.123456789Z\"")));
        seeds.put("malformed-number", utf8(valid.replace("\"seq\":4", "\"seq\":4.0")));
        seeds.put("malformed-big-number", utf8(valid.replace("\"seq\":4", "\"seq\":99999999999999999999")));
        byte[] bom = new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        seeds.put("malformed-bom", concat(bom, next.bytes()));
        seeds.put("malformed-overlong-utf8", concat(utf8(valid.substring(0, 20)), new byte[] {(byte) 0xc0, (byte) 0xaf}, utf8(valid.substring(20))));
        return seeds;
    }

    /** Batches on the line we cut: refused unless they move to restore it. */
    private static Map<String, byte[]> cutLine() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        SignedEntry message = peerNext(CUT, null, message("B two, while cut"));
        SignedEntry proposal = peerNext(CUT, null, new RestoreProposal("restore, please"));
        seeds.put("cut-message", message.bytes());
        seeds.put("cut-restore-proposal", proposal.bytes());
        seeds.put("cut-restore-then-message", join(proposal, peerNext(CUT, proposal, message("B three, after proposing"))));
        seeds.put("cut-suspend-too", peerNext(CUT, null, new Suspend(true, "B cuts too")).bytes());
        return seeds;
    }

    /** Requests in a row, each meeting what the ones before it stored. */
    private static Map<String, byte[]> sequences() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        SignedEntry next = peerNext(OPEN, null, message("B four"));
        SignedEntry after = peerNext(OPEN, next, message("B five"));
        SignedEntry otherNext = peerNext(OPEN, null, message("B four, the other one"));
        SignedEntry b3 = FuzzWorld.chain(OPEN, PEER_ID).get(2);
        SignedEntry forked = FuzzWorld.sign(PEER, OPEN, 3, b3.entry().prev(), b3.entry().seen(), b3.entry().at(), message("B three, rewritten"));
        seeds.put("sequence-resend-after-accept", requests(next.bytes(), next.bytes()));
        seeds.put("sequence-accept-then-next", requests(next.bytes(), after.bytes()));
        seeds.put("sequence-accept-then-fork", requests(next.bytes(), otherNext.bytes()));
        seeds.put("sequence-equivocation-twice", requests(forked.bytes(), forked.bytes()));
        SignedEntry proposal = peerNext(CUT, null, new RestoreProposal("restore, please"));
        seeds.put("sequence-cut-proposal-then-message", requests(proposal.bytes(), peerNext(CUT, proposal, message("B three")).bytes()));
        return seeds;
    }

    /** Whole request bodies for the open line, signatures included. */
    private static Map<String, byte[]> bodies() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        SignedEntry next = peerNext(OPEN, null, message("B four"));
        List<SignedEntry> peerChain = FuzzWorld.chain(OPEN, PEER_ID);
        seeds.put("next", body(List.of(next)));
        seeds.put("replay", body(peerChain.subList(1, 3)));
        seeds.put("replay-then-next", body(List.of(peerChain.get(2), next)));
        byte[] badSignature = next.signature();
        badSignature[0] ^= 1;
        seeds.put("bad-signature", body(List.of(new SignedEntry(next.bytes(), badSignature, next.entry(), next.hash()))));
        SigningKey stranger = FuzzWorld.key(201);
        byte[] strangers = stranger.sign(next.bytes());
        seeds.put("signed-by-another-key", body(List.of(new SignedEntry(next.bytes(), strangers, next.entry(), next.hash()))));
        String encoded = Base64.getEncoder().encodeToString(next.bytes());
        String sig = Base64.getEncoder().encodeToString(next.signature());
        seeds.put("no-entries", utf8("{\"entries\":[]}"));
        seeds.put("null-entries", utf8("{\"entries\":null}"));
        seeds.put("null-entry", utf8("{\"entries\":[null]}"));
        seeds.put("no-sig", utf8("{\"entries\":[{\"bytes\":\"" + encoded + "\"}]}"));
        seeds.put("bad-base64", utf8("{\"entries\":[{\"bytes\":\"!" + encoded + "\",\"sig\":\"" + sig + "\"}]}"));
        seeds.put("short-sig", utf8("{\"entries\":[{\"bytes\":\"" + encoded + "\",\"sig\":\"AAAA\"}]}"));
        seeds.put("unknown-field", utf8("{\"entries\":[{\"bytes\":\"" + encoded + "\",\"sig\":\"" + sig + "\",\"x\":1}]}"));
        seeds.put("empty-object", utf8("{}"));
        seeds.put("json-null", utf8("null"));
        seeds.put("empty", new byte[0]);
        seeds.put("not-json", utf8("entries=1"));
        seeds.put("trailing", concat(body(List.of(next)), utf8("{}")));
        return seeds;
    }

    private static byte[] body(List<SignedEntry> entries) {
        try {
            return Wire.JSON.writeValueAsBytes(Wire.Batch.of(entries));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] join(SignedEntry... entries) {
        List<byte[]> pieces = new ArrayList<>();
        for (SignedEntry entry : entries) {
            pieces.add(entry.bytes());
        }
        return FuzzWorld.join(FuzzWorld.SEPARATOR, pieces);
    }

    /** Several requests in one input of the federation target. */
    private static byte[] requests(byte[]... requests) {
        return FuzzWorld.join(FuzzWorld.REQUEST_SEPARATOR, List.of(requests));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Writes the corpus under {@link #RESOURCES} (run from the project directory). */
    static void write() throws IOException {
        for (Map.Entry<String, byte[]> seed : all().entrySet()) {
            Path file = RESOURCES.resolve(seed.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, seed.getValue());
        }
    }
}
