package org.hotline.protocol;

import static org.hotline.protocol.ProtocolFixtures.utf8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.hotline.crypto.LetterSeal;
import org.hotline.crypto.PrincipalSecrets;
import org.junit.jupiter.api.Test;

/**
 * Writes the protocol's test vectors, {@code docs/vectors/*.json}, from fixed seeds. Not run with
 * the other tests (its name does not end in Test); run it when the protocol changes:
 * {@code ./run-tests -Dtest=ProtocolVectors}, then review the diff and commit the files.
 * {@link ProtocolVectorsTest} checks the implementation against the committed files. Everything is
 * deterministic except the letter's HPKE encapsulation, which is random by design.
 */
class ProtocolVectors {
    static final Path DIR = Path.of("docs", "vectors");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final HexFormat HEX = HexFormat.of();
    static final LineId LINE = new LineId("panmunjom2liaison7line3abc");
    static final SigningKey A = ProtocolFixtures.key(0x00);
    static final SigningKey B = ProtocolFixtures.key(0x20);
    static final SigningKey C = ProtocolFixtures.key(0x40);
    static final Instant T0 = Instant.parse("2020-06-08T00:00:00Z");

    /** Serves fixed bytes, so that key generation from a "random" source is reproducible. */
    static SecureRandom fixed(byte[] bytes) {
        return new SecureRandom() {
            private int next;

            @Override
            public void nextBytes(byte[] out) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = bytes[next++ % bytes.length];
                }
            }
        };
    }

    /** A principal's keys from 64 bytes {@code first, first+1, ...}: 32 for Ed25519, 32 for X25519. */
    static PrincipalSecrets principal(int first) {
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (first + i);
        }
        return PrincipalSecrets.generate(fixed(bytes));
    }

    static final PrincipalSecrets MOON = principal(0x80);
    static final PrincipalSecrets KIM = principal(0xc0);
    static final PrincipalSecrets MOON_NEXT = principal(0x60);

    private final List<SignedEntry> chainA = new ArrayList<>();
    private final List<SignedEntry> chainB = new ArrayList<>();
    private final List<SignedEntry> all = new ArrayList<>();
    private final ArrayNode entries = JSON.createArrayNode();
    private int minute;

    @Test
    void write() throws Exception {
        Files.createDirectories(DIR);
        write("keys.json", keys());
        write("transcript.json", transcript());
        write("refusals.json", refusals());
    }

    private static void write(String name, ObjectNode node) throws IOException {
        Files.writeString(DIR.resolve(name), JSON.writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
    }

    // --- keys ------------------------------------------------------------------------------

    private static ObjectNode keys() {
        ObjectNode root = JSON.createObjectNode().put("kind", "keys");
        root.put("about", "Ed25519 station keys from 32-byte seeds; station id = base32 (RFC 4648, no padding) of SHA-256 of the"
                + " 32-byte public key; principals' Ed25519 signing and X25519 sealing keys and their fingerprints.");
        ArrayNode stations = root.putArray("stations");
        for (String[] named : new String[][] {{"A", "Seoul"}, {"B", "Pyongyang"}, {"C", "Impostor"}}) {
            SigningKey key = station(named[0]);
            stations.addObject().put("label", named[0]).put("name", named[1]).put("seed", HEX.formatHex(key.seed()))
                    .put("publicKey", HEX.formatHex(key.verifyingKey().bytes())).put("publicKeyBase64", key.verifyingKey().base64())
                    .put("stationId", key.verifyingKey().stationId().value()).put("display", key.verifyingKey().stationId().display());
        }
        ArrayNode principals = root.putArray("principals");
        for (Object[] named : new Object[][] {{"moon", "A", MOON}, {"kim", "B", KIM}, {"moon", "A", MOON_NEXT}}) {
            PrincipalSecrets secrets = (PrincipalSecrets) named[2];
            principals.addObject().put("name", (String) named[0]).put("station", (String) named[1])
                    .put("signingSeed", HEX.formatHex(secrets.signing().seed()))
                    .put("signingPublic", secrets.signingPublic().base64())
                    .put("sealingPrivate", HEX.formatHex(secrets.sealing().getEncoded()))
                    .put("sealingPublic", secrets.sealingPublic().base64())
                    .put("fingerprint", PrincipalKey.fingerprint(secrets.signingPublic(), secrets.sealingPublic()));
        }
        return root;
    }

    static SigningKey station(String label) {
        return switch (label) {
            case "A" -> A;
            case "B" -> B;
            case "C" -> C;
            default -> throw new IllegalArgumentException(label);
        };
    }

    // --- a two-chain transcript --------------------------------------------------------------

    private SignedEntry add(SigningKey author, Body body, ObjectNode derived) throws ProtocolException {
        boolean isA = author == A;
        List<SignedEntry> own = isA ? chainA : chainB;
        List<SignedEntry> other = isA ? chainB : chainA;
        // Whole minutes apart, some with milliseconds, to show how `at` is written.
        Instant at = T0.plusSeconds(60L * minute).plusMillis((minute % 3) * 125L);
        minute++;
        SignedEntry signed = EntryAuthor.next(LINE, author, head(own), head(other), at, body);
        own.add(signed);
        all.add(signed);
        ObjectNode node = entry(isA ? "A" : "B", signed);
        if (derived != null) {
            node.set("derived", derived);
        }
        entries.add(node);
        return signed;
    }

    static Head head(List<SignedEntry> chain) {
        return chain.isEmpty() ? Head.EMPTY : chain.getLast().head();
    }

    /** An entry as the vectors give it: the exact bytes (as text and base64), their hash and signature. */
    static ObjectNode entry(String author, SignedEntry signed) {
        return JSON.createObjectNode().put("author", author).put("seq", signed.entry().seq()).put("type", signed.entry().body().type())
                .put("text", ProtocolFixtures.string(signed.bytes())).put("bytes", signed.bytesBase64())
                .put("hash", signed.hash().hex()).put("sig", signed.signatureBase64());
    }

    private ObjectNode transcript() throws Exception {
        ObjectNode root = JSON.createObjectNode().put("kind", "transcript").put("line", LINE.value());
        root.put("about", "Both chains of one line in the order they were written, one entry of every type; the receipts each station"
                + " gave; the checkpoint a receipt makes; the bundle an auditor verifies. A is Seoul, B is Pyongyang.");
        add(A, PrincipalKey.first("moon", MOON.signingPublic(), MOON.sealingPublic()), null);
        add(B, PrincipalKey.first("kim", KIM.signingPublic(), KIM.sealingPublic()), null);
        add(A, new Message("남북 통신연락선 — \"liaison\" \\ a/b\n\t\b\f\r \u0001\u001f \u007f \u2028 é 📞 <&>", Priority.URGENT, "ko-KR"), null);
        SignedEntry schedule = add(A, new ScheduleProposal(List.of("0 0 9 ? * MON-FRI", "0 0 17 ? * MON-FRI"), "Asia/Seoul",
                ScheduleProposal.ALTERNATE, CallKind.LINK_TEST, Duration.ofMinutes(5), T0), null);
        add(B, new ScheduleAccept(schedule.entry().seq()), null);
        SignedEntry call = add(A, new Call(CallKind.LINK_TEST, T0.plusSeconds(9 * 3600), Duration.ofMinutes(5)), null);
        add(B, new Answer(call.entry().seq(), Answer.BY_STATION, 120), null);
        SignedEntry watch = add(A, new Call(CallKind.WATCH_TEST, T0.plusSeconds(17 * 3600), Duration.ofMinutes(5)), null);
        add(A, new Missed(watch.entry().seq()), null);
        add(B, new Suspend(false, ""), null);
        SignedEntry proposal = add(B, new RestoreProposal("as agreed by the leaders"), null);
        add(A, new RestoreAccept(proposal.entry().seq()), null);
        add(B, new Message("Line restored.", Priority.FLASH, "en"), null);

        Letter letter = LetterSeal.write(LINE, new LetterSeal.Draft("moon", "kim", T0.plusSeconds(86_400), "The liaison lines", false,
                Optional.empty(), "ko", "편지 본문"), MOON, KIM.sealingPublic());
        ObjectNode letterDerived = JSON.createObjectNode().put("envelope", HEX.formatHex(letter.envelope(LINE)))
                .put("signedBytes", HEX.formatHex(letter.signedBytes(LINE, "The liaison lines", "편지 본문")))
                .put("hpkeInfo", HEX.formatHex(Letter.hpkeInfo())).put("opensTo", "편지 본문").put("openedBy", "kim");
        SignedEntry letterEntry = add(A, letter.withKeys(chainA.get(0).hash()), letterDerived);
        add(B, LetterRead.sign(letterEntry.hash(), "kim", KIM.signing()), JSON.createObjectNode()
                .put("signedBytes", HEX.formatHex(LetterRead.signedBytes(letterEntry.hash(), "kim"))));

        StatementDraft draft = new StatementDraft("Joint statement", "en", "Both sides will keep the line open.");
        Hash textHash = draft.textHash(LINE);
        SignedEntry draftEntry = add(B, draft, JSON.createObjectNode().put("textHash", textHash.hex()));
        // Each co-signature anchors its principal's key history at the station's latest key entry (here the first).
        add(A, cosign(draftEntry.hash(), textHash, "moon", MOON, chainA.get(0).hash()), null);
        add(B, cosign(draftEntry.hash(), textHash, "kim", KIM, chainB.get(0).hash()), null);
        add(A, PrincipalKey.rotate("moon", MOON.signing(), MOON_NEXT.signingPublic(), MOON_NEXT.sealingPublic()), JSON.createObjectNode()
                .put("rotationMessage", HEX.formatHex(PrincipalKey.rotationMessage("moon", MOON_NEXT.signingPublic(),
                        MOON_NEXT.sealingPublic()))));
        root.set("entries", entries);

        // Each station's receipt for the other's head, as it answered the last batch.
        Instant end = T0.plusSeconds(60L * minute);
        SignedReceipt byB = SignedReceipt.sign(new Receipt(LINE, id(B), id(A), head(chainA), head(chainB), end), B);
        SignedReceipt byA = SignedReceipt.sign(new Receipt(LINE, id(A), id(B), head(chainB), chainA.get(chainA.size() - 2).head(),
                end.minusSeconds(30)), A);
        ArrayNode receipts = root.putArray("receipts");
        for (Object[] labelled : new Object[][] {{"B", byB}, {"A", byA}}) {
            SignedReceipt receipt = (SignedReceipt) labelled[1];
            ObjectNode node = receipts.addObject().put("signer", (String) labelled[0])
                    .put("text", ProtocolFixtures.string(receipt.bytes())).put("bytes", receipt.bytesBase64()).put("sig", receipt.signatureBase64());
            Receipt body = receipt.receipt();
            SignedEntry acknowledged = (body.of().equals(id(A)) ? chainA : chainB).get((int) body.head().seq() - 1);
            Optional<Checkpoint> checkpoint = Checkpoint.fromReceipt(body, acknowledged.entry().seen());
            if (checkpoint.isPresent()) {
                node.set("checkpoint", checkpoint(checkpoint.get()));
            } else {
                node.putNull("checkpoint");
            }
        }

        TranscriptBundle bundle = TranscriptBundle.signed(LINE, List.of(
                new TranscriptBundle.Party(id(A), "Seoul", A.verifyingKey(), head(chainA)),
                new TranscriptBundle.Party(id(B), "Pyongyang", B.verifyingKey(), head(chainB))), all, List.of(byB), A);
        root.putObject("bundle").put("text", ProtocolFixtures.string(bundle.encode())).put("sha256", Hash.sha256(bundle.encode()).hex());
        root.set("statement", statement(chainA.get(0), chainA.get(1)));
        root.set("jointStatement", joint(draftEntry, chainA.get(chainA.size() - 2), chainB.getLast()));
        LetterEnvelope envelope = new LetterEnvelope(Statement.Quote.of(letterEntry, A.verifyingKey()),
                List.of(Statement.Quote.of(chainA.get(0), A.verifyingKey())));
        root.putObject("letterEnvelope").put("text", ProtocolFixtures.string(envelope.encode())).put("keyGeneration", 1);
        root.putObject("quote").put("text", JSON.writeValueAsString(JSON.createObjectNode().put("entry", letterEntry.bytesBase64())
                .put("signature", letterEntry.signatureBase64()).put("authorKey", A.verifyingKey().base64()).put("hash", letterEntry.hash().hex())))
                .put("hash", letterEntry.hash().hex());
        return root;
    }

    static StationId id(SigningKey key) {
        return key.verifyingKey().stationId();
    }

    private static Cosign cosign(Hash draft, Hash textHash, String name, PrincipalSecrets principal, Hash keys) {
        return new Cosign(draft, textHash, name, principal.signingPublic(),
                Base64.getEncoder().encodeToString(principal.signing().sign(textHash.bytes())), Optional.of(keys));
    }

    private static ObjectNode checkpoint(Checkpoint checkpoint) {
        String text = "hotline/checkpoint/v1\n" + checkpoint.line().value() + "\n"
                + checkpoint.firstAuthor().value() + " " + checkpoint.firstHead().seq() + " " + checkpoint.firstHead().hash().orElseThrow().hex()
                + "\n" + checkpoint.secondAuthor().value() + " " + checkpoint.secondHead().seq() + " "
                + checkpoint.secondHead().hash().orElseThrow().hex() + "\n";
        return JSON.createObjectNode().put("text", text).put("digest", checkpoint.digest().hex()).put("display", checkpoint.displayDigest());
    }

    /** moon's public statement quoting one entry, with moon's key history on the line. */
    private static ObjectNode statement(SignedEntry keyEntry, SignedEntry quoted) {
        Instant published = T0.plusSeconds(3600);
        List<Statement.Quote> quotes = List.of(Statement.Quote.of(quoted, A.verifyingKey()));
        byte[] signed = Statement.signedBytes(id(A), "Seoul", "moon", MOON.signingPublic(), "On the line", "en", published,
                "We called; nobody answered.", quotes);
        Statement statement = new Statement(id(A), "Seoul", A.verifyingKey(), "moon", MOON.signingPublic(), "On the line", "en", published,
                "We called; nobody answered.", quotes, Base64.getEncoder().encodeToString(MOON.signing().sign(signed)),
                List.of(Statement.Quote.of(keyEntry, A.verifyingKey()))).attested(A);
        return JSON.createObjectNode().put("text", ProtocolFixtures.string(statement.encode())).put("id", statement.id().hex())
                .put("signedBytes", HEX.formatHex(signed));
    }

    private ObjectNode joint(SignedEntry draft, SignedEntry cosignA, SignedEntry cosignB) throws ProtocolException {
        JointStatement joint = new JointStatement(Statement.Quote.of(draft, B.verifyingKey()), List.of(
                new JointStatement.Party("Seoul", A.verifyingKey(), Statement.Quote.of(cosignA, A.verifyingKey()),
                        List.of(Statement.Quote.of(chainA.get(0), A.verifyingKey()))),
                new JointStatement.Party("Pyongyang", B.verifyingKey(), Statement.Quote.of(cosignB, B.verifyingKey()),
                        List.of(Statement.Quote.of(chainB.get(0), B.verifyingKey())))));
        return JSON.createObjectNode().put("text", ProtocolFixtures.string(joint.encode())).put("id", joint.verify().textHash().hex());
    }

    // --- refusals ----------------------------------------------------------------------------

    private ObjectNode refusals() throws Exception {
        ObjectNode root = JSON.createObjectNode().put("kind", "refusals");
        root.put("about", "What a receiver refuses, and with which reason. 'entries': bytes that EntryCodec.decode refuses. 'batches': what"
                + " B, holding the whole transcript of transcript.json, answers to a batch from A (after checking line and author, then"
                + " signatures, then the chain rules). 'receipts': receipts A refuses for its head. 'bundles': changed bundles.");
        SignedEntry message = chainA.get(1);
        String base = ProtocolFixtures.string(message.bytes());
        ArrayNode bad = root.putArray("entries");
        refuse(bad, "unknown field", "MALFORMED", base.replace("{\"v\":1,", "{\"v\":1,\"x\":1,"));
        refuse(bad, "duplicate key", "MALFORMED", base.replace("{\"v\":1,", "{\"v\":1,\"v\":1,"));
        refuse(bad, "trailing data", "MALFORMED", base + "{}");
        refuse(bad, "leading space", "MALFORMED", " " + base);
        refuse(bad, "byte order mark", "MALFORMED", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(base)));
        refuse(bad, "UTF-16", "MALFORMED", base.getBytes(StandardCharsets.UTF_16BE));
        refuse(bad, "overlong UTF-8 for '/'", "MALFORMED", splice(utf8(base), "a/b", new byte[] {'a', (byte) 0xc0, (byte) 0xaf, 'b'}));
        refuse(bad, "UTF-8 encoded surrogate", "MALFORMED", splice(utf8(base), "a/b", new byte[] {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'b'}));
        refuse(bad, "version 2", "UNSUPPORTED_VERSION", base.replace("{\"v\":1,", "{\"v\":2,"));
        refuse(bad, "unknown type", "UNKNOWN_TYPE", base.replace("\"type\":\"message\"", "\"type\":\"telegram\""));
        refuse(bad, "seq 0", "MALFORMED", base.replace("\"seq\":2,", "\"seq\":0,"));
        refuse(bad, "negative seq", "MALFORMED", base.replace("\"seq\":2,", "\"seq\":-2,"));
        refuse(bad, "seq as a fraction", "MALFORMED", base.replace("\"seq\":2,", "\"seq\":2.0,"));
        refuse(bad, "seq as a string", "MALFORMED", base.replace("\"seq\":2,", "\"seq\":\"2\","));
        refuse(bad, "seq beyond 20 digits", "MALFORMED", base.replace("\"seq\":2,", "\"seq\":100000000000000000000,"));
        String prev = "\"prev\":\"" + message.entry().prev().orElseThrow().hex() + "\"";
        refuse(bad, "seq 1 with a prev", "BAD_PREV", base.replace("\"seq\":2,", "\"seq\":1,"));
        refuse(bad, "seq 2 without prev", "BAD_PREV", base.replace(prev, "\"prev\":null"));
        refuse(bad, "prev of 63 hex digits", "MALFORMED", base.replace(prev, prev.substring(0, prev.length() - 2) + "\""));
        refuse(bad, "seen with seq 0", "MALFORMED", base.replaceFirst("\"seen\":\\{\"seq\":[0-9]+,", "\"seen\":{\"seq\":0,"));
        refuse(bad, "author in lower case", "MALFORMED", base.replace(id(A).value(), id(A).value().toLowerCase(java.util.Locale.ROOT)));
        refuse(bad, "author in groups", "MALFORMED", base.replace(id(A).value(), id(A).display()));
        refuse(bad, "line id too short", "MALFORMED", base.replace(LINE.value(), LINE.value().substring(1)));
        refuse(bad, "at is not an instant", "MALFORMED", base.replaceFirst("\"at\":\"[^\"]+\"", "\"at\":\"yesterday\""));
        refuse(bad, "unknown priority", "MALFORMED", base.replace("\"urgent\"", "\"immediate\""));
        refuse(bad, "blank message", "MALFORMED", base.replaceFirst("\"text\":\"[^,]+,\"priority\"", "\"text\":\" \",\"priority\""));
        refuse(bad, "body lacks lang", "MALFORMED", base.replace(",\"lang\":\"ko-KR\"", ""));
        refuse(bad, "nesting deeper than 8", "MALFORMED", base.replace("{\"v\":1,", "{\"v\":1,\"x\":[[[[[[[[[1]]]]]]]]],"));
        refuse(bad, "larger than 65536 bytes", "TOO_LARGE", base.replace("<&>", "x".repeat(EntryCodec.MAX_ENTRY_BYTES)));
        String rotation = ProtocolFixtures.string(chainA.getLast().bytes());
        refuse(bad, "rotation not signed by the key it replaces", "BAD_SIGNATURE", flipBase64(rotation, "\"rotation\":\""));
        refuse(bad, "public key in non-canonical base64", "MALFORMED", padBits(rotation, "\"signing\":\""));
        refuse(bad, "letter-read not signed by the key it names", "BAD_SIGNATURE", flipBase64(string(chainB, 7), "\"signature\":\""));
        refuse(bad, "co-signature that does not verify", "BAD_SIGNATURE", flipBase64(string(chainA, 9), "\"signature\":\""));

        root.set("batches", batches());
        root.set("receipts", receipts());
        root.set("bundles", bundles());
        return root;
    }

    private static String string(List<SignedEntry> chain, int seq) {
        return ProtocolFixtures.string(chain.get(seq - 1).bytes());
    }

    private static void refuse(ArrayNode out, String name, String reason, String text) {
        out.addObject().put("name", name).put("text", text).put("reason", reason);
    }

    private static void refuse(ArrayNode out, String name, String reason, byte[] bytes) {
        out.addObject().put("name", name).put("bytes", Base64.getEncoder().encodeToString(bytes)).put("reason", reason);
    }

    /** Changes the first base64 character after {@code marker}: still canonical base64, another value. */
    private static String flipBase64(String text, String marker) {
        int at = text.indexOf(marker) + marker.length();
        return text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1);
    }

    /** Sets a padding bit of a 32-byte value's base64 after {@code marker}: the same bytes, spelt another way. */
    private static String padBits(String text, String marker) {
        int at = text.indexOf(marker) + marker.length() + 42;
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char spelt = alphabet.charAt(alphabet.indexOf(text.charAt(at)) ^ 1);
        return text.substring(0, at) + spelt + text.substring(at + 1);
    }

    private ArrayNode batches() throws ProtocolException {
        ArrayNode out = JSON.createArrayNode();
        Head headA = head(chainA);
        Head headB = head(chainB);
        Instant at = T0.plusSeconds(60L * minute + 60);
        Optional<Hash> prevA = headA.hash();
        Body body = new Message("next", Priority.ROUTINE, "en");
        long next = headA.seq() + 1;
        batch(out, "the next entry", null, signed(A, LINE, next, prevA, headB, at, body));
        batch(out, "a replay of the head", null, chainA.getLast());
        batch(out, "a seq gap", "SEQ_GAP", signed(A, LINE, next + 1, prevA, headB, at, body));
        batch(out, "prev naming an older entry", "BAD_PREV", signed(A, LINE, next, chainA.get(chainA.size() - 2).head().hash(), headB, at, body));
        batch(out, "seen naming an entry B never wrote", "BAD_SEEN",
                signed(A, LINE, next, prevA, Head.of(headB.seq() + 1, Hash.sha256(utf8("nothing"))), at, body));
        batch(out, "seen naming B's head with another hash", "BAD_SEEN",
                signed(A, LINE, next, prevA, Head.of(headB.seq(), Hash.sha256(utf8("nothing"))), at, body));
        batch(out, "seen going backwards", "BAD_SEEN", signed(A, LINE, next, prevA, chainB.get(chainB.size() - 2).head(), at, body));
        batch(out, "another entry with the head's seq", "EQUIVOCATION",
                signed(A, LINE, headA.seq(), chainA.getLast().entry().prev(), headB, at, body));
        SignedEntry first = signed(A, LINE, next, prevA, headB, at, body);
        batch(out, "two entries with one seq in one batch", "EQUIVOCATION", first,
                signed(A, LINE, next, prevA, headB, at, new Message("other", Priority.ROUTINE, "en")));
        batch(out, "an entry for another line", "WRONG_LINE", signed(A, ProtocolFixtures.OTHER_LINE, next, prevA, headB, at, body));
        batch(out, "an entry by a third station", "WRONG_AUTHOR", signed(C, LINE, next, prevA, headB, at, body));
        SignedEntry forged = signed(A, LINE, next, prevA, headB, at, body);
        batch(out, "a signature over other bytes", "BAD_SIGNATURE",
                new SignedEntry(forged.bytes(), chainA.getLast().signature(), forged.entry(), forged.hash()));
        return out;
    }

    private static SignedEntry signed(SigningKey key, LineId line, long seq, Optional<Hash> prev, Head seen, Instant at, Body body)
            throws ProtocolException {
        return SignedEntry.sign(new Entry(Entry.VERSION, line, id(key), seq, prev, seen, at, body), key);
    }

    private static void batch(ArrayNode out, String name, String reason, SignedEntry... batch) {
        ObjectNode node = out.addObject().put("name", name);
        ArrayNode list = node.putArray("batch");
        for (SignedEntry entry : batch) {
            list.addObject().put("text", ProtocolFixtures.string(entry.bytes())).put("bytes", entry.bytesBase64()).put("sig", entry.signatureBase64());
        }
        if (reason == null) {
            node.putNull("reason");
        } else {
            node.put("reason", reason);
        }
    }

    private ArrayNode receipts() {
        ArrayNode out = JSON.createArrayNode();
        Instant at = T0.plusSeconds(60L * minute);
        Receipt right = new Receipt(LINE, id(B), id(A), head(chainA), head(chainB), at);
        receipt(out, "signed by A, not by B", "BAD_SIGNATURE", SignedReceipt.sign(right, A));
        receipt(out, "acknowledging an older head", "BAD_RECEIPT",
                SignedReceipt.sign(new Receipt(LINE, id(B), id(A), chainA.get(chainA.size() - 2).head(), head(chainB), at), B));
        receipt(out, "for another line", "BAD_RECEIPT",
                SignedReceipt.sign(new Receipt(ProtocolFixtures.OTHER_LINE, id(B), id(A), head(chainA), head(chainB), at), B));
        receipt(out, "claiming to be by C", "BAD_RECEIPT",
                SignedReceipt.sign(new Receipt(LINE, id(C), id(A), head(chainA), head(chainB), at), B));
        return out;
    }

    private static void receipt(ArrayNode out, String name, String reason, SignedReceipt receipt) {
        out.addObject().put("name", name).put("text", ProtocolFixtures.string(receipt.bytes())).put("bytes", receipt.bytesBase64())
                .put("sig", receipt.signatureBase64()).put("reason", reason);
    }

    private ArrayNode bundles() throws ProtocolException {
        ArrayNode out = JSON.createArrayNode();
        TranscriptBundle.Party partyA = new TranscriptBundle.Party(id(A), "Seoul", A.verifyingKey(), head(chainA));
        TranscriptBundle.Party partyB = new TranscriptBundle.Party(id(B), "Pyongyang", B.verifyingKey(), head(chainB));
        List<SignedEntry> dropped = new ArrayList<>(all);
        dropped.remove(chainA.get(4));
        List<SignedEntry> reordered = new ArrayList<>(all);
        reordered.remove(chainB.get(0));
        reordered.addFirst(chainB.get(0));
        bundle(out, "a party's key swapped for another", "BAD_SIGNATURE", TranscriptBundle.signed(LINE, List.of(
                new TranscriptBundle.Party(id(A), "Seoul", C.verifyingKey(), head(chainA)), partyB), all, List.of(), A));
        bundle(out, "an entry left out", "SEQ_GAP", TranscriptBundle.signed(LINE, List.of(partyA, partyB), dropped, List.of(), A));
        bundle(out, "an entry before the one it has seen", "BAD_SEEN", TranscriptBundle.signed(LINE, List.of(partyA, partyB), reordered, List.of(), A));
        bundle(out, "a head the chain does not reach", "SEQ_GAP", TranscriptBundle.signed(LINE, List.of(partyA,
                new TranscriptBundle.Party(id(B), "Pyongyang", B.verifyingKey(), head(chainB).next(Hash.sha256(utf8("more"))))), all, List.of(), A));
        Receipt stale = new Receipt(LINE, id(B), id(A), chainA.get(2).head(), head(chainB), T0);
        SignedReceipt stranger = SignedReceipt.sign(stale, C);
        bundle(out, "a receipt not signed by the station it names", "BAD_SIGNATURE", TranscriptBundle.signed(LINE, List.of(partyA, partyB), all,
                List.of(stranger), A));
        return out;
    }

    private static void bundle(ArrayNode out, String name, String reason, TranscriptBundle bundle) {
        out.addObject().put("name", name).put("text", ProtocolFixtures.string(bundle.encode())).put("reason", reason);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] splice(byte[] bytes, String ascii, byte[] replacement) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(ascii);
        if (at < 0) {
            throw new IllegalArgumentException(ascii + " not found");
        }
        return concat(concat(java.util.Arrays.copyOfRange(bytes, 0, at), replacement),
                java.util.Arrays.copyOfRange(bytes, at + ascii.length(), bytes.length));
    }
}
