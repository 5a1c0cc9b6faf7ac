package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hotline.crypto.LetterSeal;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.protocol.ChainRulesTest.FakeView;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Checks the implementation against every file in {@code docs/vectors/} (written by
 * {@link ProtocolVectors}, described in {@code docs/protocol.md}): exact bytes, hashes computed
 * by the JDK, signatures, station ids, re-encoding, chains and their {@code seen}, receipts,
 * checkpoint digests, the bundle, statements, the letter, and every expected refusal.
 */
class ProtocolVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, VerifyingKey> stations = new HashMap<>();
    private final Map<String, PrincipalSecrets> principals = new HashMap<>();

    @TestFactory
    Stream<DynamicNode> everyVectorFile() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(ProtocolVectors.DIR)) {
            files = listing.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(path -> path.getFileName().toString()).contains("keys.json", "transcript.json", "refusals.json");
        readKeys(read(ProtocolVectors.DIR.resolve("keys.json")));
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            JsonNode root = read(file);
            String kind = root.path("kind").asText();
            List<DynamicNode> cases = switch (kind) {
                case "keys" -> keys(root);
                case "transcript" -> transcript(root);
                case "refusals" -> refusals(root);
                default -> throw new AssertionError(file + " is of an unknown kind '" + kind + "': teach this test to check it");
            };
            nodes.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), cases));
        }
        return nodes.stream();
    }

    private static JsonNode read(Path file) throws Exception {
        return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static DynamicTest check(String name, Executable executable) {
        return DynamicTest.dynamicTest(name, executable);
    }

    private static byte[] bytesOf(JsonNode node) {
        return node.has("bytes") ? Base64.getDecoder().decode(node.path("bytes").asText())
                : node.path("text").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static void assertRefused(String reason, Executable action) {
        assertThatThrownBy(action::execute).isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason().name()).as(e.getMessage()).isEqualTo(reason));
    }

    // --- keys ------------------------------------------------------------------------------

    private void readKeys(JsonNode root) {
        for (JsonNode station : root.path("stations")) {
            stations.put(station.path("label").asText(), VerifyingKey.of(HEX.parseHex(station.path("publicKey").asText())));
        }
        for (JsonNode principal : root.path("principals")) {
            principals.putIfAbsent(principal.path("name").asText(), secrets(principal));
        }
    }

    private static PrincipalSecrets secrets(JsonNode principal) {
        byte[] both = new byte[64];
        System.arraycopy(HEX.parseHex(principal.path("signingSeed").asText()), 0, both, 0, 32);
        System.arraycopy(HEX.parseHex(principal.path("sealingPrivate").asText()), 0, both, 32, 32);
        return PrincipalSecrets.generate(ProtocolVectors.fixed(both));
    }

    private static List<DynamicNode> keys(JsonNode root) {
        List<DynamicNode> cases = new ArrayList<>();
        for (JsonNode station : root.path("stations")) {
            cases.add(check("station " + station.path("label").asText(), () -> {
                SigningKey key = SigningKey.fromSeed(HEX.parseHex(station.path("seed").asText()));
                assertThat(HEX.formatHex(key.verifyingKey().bytes())).isEqualTo(station.path("publicKey").asText());
                assertThat(key.verifyingKey().base64()).isEqualTo(station.path("publicKeyBase64").asText());
                // Independently of StationId: base32 of the JDK's SHA-256 of the raw key.
                String id = ProtocolFixtures.base32(sha256(key.verifyingKey().bytes()));
                assertThat(id).isEqualTo(station.path("stationId").asText()).isEqualTo(key.verifyingKey().stationId().value());
                assertThat(StationId.parse(station.path("display").asText()).value()).isEqualTo(id);
                assertThat(key.verifyingKey().stationId().display()).isEqualTo(station.path("display").asText());
            }));
        }
        for (JsonNode principal : root.path("principals")) {
            cases.add(check("principal " + principal.path("name").asText() + " " + principal.path("fingerprint").asText(), () -> {
                PrincipalSecrets secrets = secrets(principal);
                assertThat(secrets.signingPublic().base64()).isEqualTo(principal.path("signingPublic").asText());
                assertThat(secrets.sealingPublic().base64()).isEqualTo(principal.path("sealingPublic").asText());
                assertThat(PrincipalKey.fingerprint(secrets.signingPublic(), secrets.sealingPublic()))
                        .isEqualTo(principal.path("fingerprint").asText());
            }));
        }
        return cases;
    }

    // --- the transcript ----------------------------------------------------------------------

    private List<DynamicNode> transcript(JsonNode root) throws Exception {
        LineId line = new LineId(root.path("line").asText());
        List<DynamicNode> cases = new ArrayList<>();
        Map<String, List<SignedEntry>> chains = new HashMap<>(Map.of("A", new ArrayList<>(), "B", new ArrayList<>()));
        List<SignedEntry> all = new ArrayList<>();
        for (JsonNode node : root.path("entries")) {
            String author = node.path("author").asText();
            SignedEntry signed = SignedEntry.parseBase64(node.path("bytes").asText(), node.path("sig").asText());
            // What each station would hold when this entry reached the other one.
            List<SignedEntry> own = List.copyOf(chains.get(author));
            List<SignedEntry> other = List.copyOf(chains.get(author.equals("A") ? "B" : "A"));
            chains.get(author).add(signed);
            all.add(signed);
            cases.add(check(author + "#" + node.path("seq").asLong() + " " + node.path("type").asText(), () -> {
                byte[] bytes = Base64.getDecoder().decode(node.path("bytes").asText());
                assertThat(bytes).isEqualTo(node.path("text").asText().getBytes(StandardCharsets.UTF_8));
                assertThat(HEX.formatHex(sha256(bytes))).isEqualTo(node.path("hash").asText()).isEqualTo(signed.hash().hex());
                assertThat(EntryCodec.encode(signed.entry())).as("the parsed entry encodes to the same bytes").isEqualTo(bytes);
                assertThat(signed.entry().seq()).isEqualTo(node.path("seq").asLong());
                assertThat(signed.entry().body().type()).isEqualTo(node.path("type").asText());
                signed.verifySignature(stations.get(author));
                assertThat(signed.entry().author()).isEqualTo(stations.get(author).stationId());
                FakeView receiver = new FakeView();
                receiver.ours.addAll(other);
                receiver.theirs.addAll(own);
                BatchVerdict verdict = ChainRules.check(line, signed.entry().author(), List.of(signed), receiver, TimeBounds.ANY);
                assertThat(verdict).isInstanceOfSatisfying(BatchVerdict.Accepted.class, accepted -> assertThat(accepted.fresh()).hasSize(1));
                derived(line, signed, node.path("derived"));
            }));
        }
        cases.add(check("each chain audits", () -> {
            assertThat(ChainAudit.verify(line, stations.get("A"), chains.get("A"))).isEqualTo(chains.get("A").getLast().head());
            assertThat(ChainAudit.verify(line, stations.get("B"), chains.get("B"))).isEqualTo(chains.get("B").getLast().head());
        }));
        for (JsonNode node : root.path("receipts")) {
            String signer = node.path("signer").asText();
            String author = signer.equals("A") ? "B" : "A";
            cases.add(check("receipt by " + signer, () -> receipt(line, node, signer, chains.get(author))));
        }
        cases.add(check("bundle", () -> {
            byte[] bytes = node(root, "bundle", "text").getBytes(StandardCharsets.UTF_8);
            assertThat(HEX.formatHex(sha256(bytes))).isEqualTo(node(root, "bundle", "sha256"));
            TranscriptBundle bundle = TranscriptBundle.decode(bytes);
            TranscriptBundle.Report report = bundle.verify();
            assertThat(report.entries()).isEqualTo(all.size());
            assertThat(report.heads()).containsEntry(stations.get("A").stationId(), chains.get("A").getLast().head())
                    .containsEntry(stations.get("B").stationId(), chains.get("B").getLast().head());
            assertThat(bundle.entries()).isEqualTo(all);
            assertThat(bundle.encode()).isEqualTo(bytes);
        }));
        cases.add(check("statement", () -> {
            byte[] bytes = node(root, "statement", "text").getBytes(StandardCharsets.UTF_8);
            Statement.Report report = Statement.verifyDocument(bytes);
            assertThat(report.id().hex()).isEqualTo(node(root, "statement", "id"));
            byte[] signed = HEX.parseHex(node(root, "statement", "signedBytes"));
            assertThat(Statement.decode(bytes).signedBytes()).isEqualTo(signed);
            assertThat(HEX.formatHex(sha256(signed))).isEqualTo(report.id().hex());
            assertThat(Statement.decode(bytes).encode()).isEqualTo(bytes);
        }));
        cases.add(check("joint statement", () -> {
            byte[] bytes = node(root, "jointStatement", "text").getBytes(StandardCharsets.UTF_8);
            JointStatement.Report report = JointStatement.verifyDocument(bytes);
            assertThat(report.textHash().hex()).isEqualTo(node(root, "jointStatement", "id"));
            assertThat(report.signers()).hasSize(2);
            assertThat(JointStatement.decode(bytes).encode()).isEqualTo(bytes);
        }));
        cases.add(check("letter envelope and quote", () -> {
            byte[] bytes = node(root, "letterEnvelope", "text").getBytes(StandardCharsets.UTF_8);
            LetterEnvelope.Report report = LetterEnvelope.decode(bytes).verify();
            assertThat(report.keyGeneration()).isEqualTo(root.path("letterEnvelope").path("keyGeneration").asInt());
            assertThat(LetterEnvelope.decode(bytes).encode()).isEqualTo(bytes);
            SignedEntry quoted = LetterEnvelope.verifyQuote(node(root, "quote", "text").getBytes(StandardCharsets.UTF_8));
            assertThat(quoted.hash().hex()).isEqualTo(node(root, "quote", "hash")).isEqualTo(report.entry().hash().hex());
        }));
        return cases;
    }

    private static String node(JsonNode root, String object, String field) {
        return root.path(object).path(field).asText();
    }

    /** The values an entry's body defines beside its bytes: what is signed, sealed and hashed. */
    private void derived(LineId line, SignedEntry signed, JsonNode derived) throws Exception {
        switch (signed.entry().body()) {
            case Letter letter -> {
                assertThat(HEX.formatHex(letter.envelope(line))).isEqualTo(derived.path("envelope").asText());
                assertThat(HEX.formatHex(Letter.hpkeInfo())).isEqualTo(derived.path("hpkeInfo").asText());
                LetterSeal.Opening opening = LetterSeal.open(line, letter, principals.get(derived.path("openedBy").asText()));
                assertThat(opening).isEqualTo(new LetterSeal.Opened(letter.subject().orElseThrow(), derived.path("opensTo").asText()));
                assertThat(HEX.formatHex(letter.signedBytes(line, letter.subject().orElseThrow(), derived.path("opensTo").asText())))
                        .isEqualTo(derived.path("signedBytes").asText());
            }
            case LetterRead read -> assertThat(HEX.formatHex(LetterRead.signedBytes(read.letter(), read.by())))
                    .isEqualTo(derived.path("signedBytes").asText());
            case StatementDraft draft -> assertThat(draft.textHash(line).hex()).isEqualTo(derived.path("textHash").asText());
            case PrincipalKey key when key.rotation().isPresent() -> assertThat(HEX.formatHex(
                    PrincipalKey.rotationMessage(key.name(), key.signing(), key.sealing()))).isEqualTo(derived.path("rotationMessage").asText());
            default -> assertThat(derived.isMissingNode()).as("no derived values for " + signed).isTrue();
        }
    }

    private void receipt(LineId line, JsonNode node, String signer, List<SignedEntry> chain) throws Exception {
        byte[] bytes = Base64.getDecoder().decode(node.path("bytes").asText());
        assertThat(bytes).isEqualTo(node.path("text").asText().getBytes(StandardCharsets.UTF_8));
        SignedReceipt receipt = SignedReceipt.parseBase64(node.path("bytes").asText(), node.path("sig").asText());
        assertThat(receipt.receipt().encode()).isEqualTo(bytes);
        SignedEntry acknowledged = chain.get((int) receipt.receipt().head().seq() - 1);
        receipt.verify(stations.get(signer), line, acknowledged.entry().author(), acknowledged.head());
        JsonNode expected = node.path("checkpoint");
        Checkpoint checkpoint = Checkpoint.fromReceipt(receipt.receipt(), acknowledged.entry().seen()).orElseThrow();
        String text = expected.path("text").asText();
        assertThat(HEX.formatHex(sha256(text.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(expected.path("digest").asText())
                .isEqualTo(checkpoint.digest().hex());
        assertThat(text).startsWith("hotline/checkpoint/v1\n" + line.value() + "\n" + checkpoint.firstAuthor().value() + " ");
        assertThat(checkpoint.displayDigest()).isEqualTo(expected.path("display").asText());
    }

    // --- refusals ----------------------------------------------------------------------------

    private List<DynamicNode> refusals(JsonNode root) throws Exception {
        JsonNode transcript = read(ProtocolVectors.DIR.resolve("transcript.json"));
        LineId line = new LineId(transcript.path("line").asText());
        FakeView receiverB = new FakeView();
        for (JsonNode node : transcript.path("entries")) {
            SignedEntry signed = SignedEntry.parseBase64(node.path("bytes").asText(), node.path("sig").asText());
            (node.path("author").asText().equals("A") ? receiverB.theirs : receiverB.ours).add(signed);
        }
        StationId a = stations.get("A").stationId();
        List<DynamicNode> cases = new ArrayList<>();
        for (JsonNode node : root.path("entries")) {
            String reason = node.path("reason").asText();
            cases.add(check("entry: " + node.path("name").asText() + " → " + reason, () -> {
                byte[] bytes = bytesOf(node);
                assertRefused(reason, () -> EntryCodec.decode(bytes));
                assertRefused(reason, () -> SignedEntry.parse(bytes, new byte[64]));
            }));
        }
        for (JsonNode node : root.path("batches")) {
            String reason = node.path("reason").isNull() ? "accepted" : node.path("reason").asText();
            cases.add(check("batch: " + node.path("name").asText() + " → " + reason, () -> {
                List<SignedEntry> batch = new ArrayList<>();
                for (JsonNode item : node.path("batch")) {
                    assertThat(Base64.getDecoder().decode(item.path("bytes").asText()))
                            .isEqualTo(item.path("text").asText().getBytes(StandardCharsets.UTF_8));
                    batch.add(SignedEntry.parseBase64(item.path("bytes").asText(), item.path("sig").asText()));
                }
                // In the receiver's order: addressed to us by the peer, signed by it, then the chain rules.
                Executable receive = () -> {
                    ChainRules.checkAddressed(line, a, batch);
                    ChainRules.verifySignatures(batch, stations.get("A"));
                    BatchVerdict verdict = ChainRules.check(line, a, batch, receiverB, TimeBounds.ANY);
                    switch (verdict) {
                        case BatchVerdict.Accepted accepted -> assertThat(reason).as(accepted.toString()).isEqualTo("accepted");
                        case BatchVerdict.Equivocation equivocation -> assertThat(reason).isEqualTo("EQUIVOCATION");
                    }
                };
                if (reason.equals("accepted") || reason.equals("EQUIVOCATION")) {
                    receive.execute();
                } else {
                    assertRefused(reason, receive);
                }
            }));
        }
        Head headA = receiverB.theirs.getLast().head();
        for (JsonNode node : root.path("receipts")) {
            String reason = node.path("reason").asText();
            cases.add(check("receipt: " + node.path("name").asText() + " → " + reason, () -> assertRefused(reason,
                    () -> SignedReceipt.parseBase64(node.path("bytes").asText(), node.path("sig").asText())
                            .verify(stations.get("B"), line, a, headA))));
        }
        for (JsonNode node : root.path("bundles")) {
            String reason = node.path("reason").asText();
            cases.add(check("bundle: " + node.path("name").asText() + " → " + reason, () -> assertRefused(reason,
                    () -> TranscriptBundle.decode(node.path("text").asText().getBytes(StandardCharsets.UTF_8)).verify())));
        }
        if (cases.isEmpty()) {
            fail("refusals.json holds no cases");
        }
        return cases;
    }
}
