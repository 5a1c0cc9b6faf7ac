package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hotline.cli.CliRunner.typing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.crypto.LetterSeal;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.it.TestStations;
import org.hotline.protocol.Letter;
import org.hotline.store.Role;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.hotline.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Letters between two real stations: moon (south) writes to kim (north). Only kim opens it; the
 * operator, the auditor and the stations see the envelope and no more; a reply forms a thread;
 * a read receipt comes back; a letter under a rotated-out key is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LettersTest {
    private static final String MOON = "moon's passphrase, south";
    private static final String KIM = "kim's passphrase, north";
    private static final String TEXT = "평양과 서울 사이의 연락선을 다시 엽시다. Let us open the lines again on 27 July.";

    private Path southDir;
    private Path northDir;
    private Station south;
    private Station north;
    private String northOperator;
    private String northAuditor;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        southDir = TestStations.init(temp.resolve("south"), "Blue House");
        northDir = TestStations.init(temp.resolve("north"), "State Affairs Commission");
        south = TestStations.start(southDir);
        north = TestStations.start(northDir);
        TestStations.pair(south, north, "liaison");
        south.users().add("moon", Role.PRINCIPAL, "moon's login password".toCharArray());
        north.users().add("kim", Role.PRINCIPAL, "kim's login password".toCharArray());
        assertThat(south(MOON + "\n", "principal", "init", "moon", "--passphrase-stdin").exit()).isZero();
        assertThat(north(KIM + "\n", "principal", "init", "kim", "--passphrase-stdin").exit()).isZero();
        northOperator = StationFiles.createToken(north.store(), "watch", Role.OPERATOR, new SecureRandom(), Clock.systemUTC());
        northAuditor = StationFiles.createToken(north.store(), "audit", Role.AUDITOR, new SecureRandom(), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(south("", "principal", "show", "--line", "liaison").out()).contains("kim  generation 1");
            assertThat(north("", "principal", "show", "--line", "liaison").out()).contains("moon  generation 1");
        });
    }

    @AfterAll
    void stop() {
        if (north != null) {
            north.close();
        }
        if (south != null) {
            south.close();
        }
    }

    private CliRunner.Run south(String stdin, String... args) {
        return CliRunner.at(south, stdin, args);
    }

    private CliRunner.Run north(String stdin, String... args) {
        return CliRunner.at(north, stdin, args);
    }

    /** Moon writes; returns the seq of the letter in south's chain once north holds it. */
    private long moonWrites(String subject, boolean privateSubject, String text, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("letter", "write", "liaison", "--to", "kim", "--subject", subject,
                "--language", "ko", "--passphrase-stdin"));
        if (privateSubject) {
            args.add("--private-subject");
        }
        args.addAll(List.of(more));
        CliRunner.Run write = south(MOON + "\n" + text + "\n", args.toArray(String[]::new));
        assertThat(write.exit()).as("%s", write).isZero();
        Matcher seq = Pattern.compile("from moon to kim sealed to key [0-9a-f ]+: #(\\d+), hash ([0-9a-f]{64})").matcher(write.out());
        assertThat(seq.find()).as("%s", write).isTrue();
        long number = Long.parseLong(seq.group(1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(north("", "letter", "list", "liaison").out()).contains("theirs #" + number + " "));
        return number;
    }

    @Test
    @Order(1)
    void onlyTheAddressedPrincipalReadsALetter() throws Exception {
        long seq = moonWrites("Restoring the liaison line", false, TEXT);

        // Operators and auditors see the envelope, never the text.
        CliRunner.Run listed = north("", "letter", "list", "liaison", "--token", northAuditor);
        assertThat(listed.out()).contains("Thread: Restoring the liaison line").contains("moon -> kim").doesNotContain("연락선");
        for (String token : new String[] {northOperator, northAuditor}) {
            CliRunner.Run refused = north(KIM + "\n", "letter", "read", "liaison", String.valueOf(seq), "--passphrase-stdin", "--token", token);
            assertThat(refused.exit()).isEqualTo(1);
            // Acting as kim takes a principal token of kim's, which no lower token can make.
            assertThat(refused.err()).containsAnyOf("operator may not create a principal token for kim", "auditor may only read");
            assertThat(refused.out()).doesNotContain("연락선");
        }
        // The receiving station, holding kim's locked key, cannot open it without kim's passphrase.
        CliRunner.Run wrongPassphrase = north("a guess at the passphrase\n", "letter", "read", "liaison", String.valueOf(seq), "--passphrase-stdin");
        assertThat(wrongPassphrase.exit()).isEqualTo(1);
        assertThat(wrongPassphrase.err()).contains("wrong passphrase");
        // The writing station and its principal cannot open it either: it is sealed to kim alone.
        Letter carried = letterAt(south, seq);
        PrincipalSecrets moonKeys = unlockedMoon();
        assertThat(LetterSeal.open(TestStations.line(south, "liaison").id(), carried, moonKeys)).isInstanceOfSatisfying(LetterSeal.Refused.class,
                refused -> assertThat(refused.reason()).contains("sealed to another key"));
        // Neither store holds the text in any readable form.
        for (Station station : new Station[] {south, north}) {
            for (StoredEntry stored : station.store().transcript(TestStations.line(station, "liaison").id(), 0, 10_000)) {
                assertThat(new String(stored.signed().bytes(), StandardCharsets.UTF_8)).doesNotContain("연락선").doesNotContain("27 July");
            }
        }

        CliRunner.Run read = north(KIM + "\n", "letter", "read", "liaison", String.valueOf(seq), "--passphrase-stdin");
        assertThat(read.exit()).as("%s", read).isZero();
        assertThat(read.out()).contains("From:    moon").contains("Subject: Restoring the liaison line").contains(TEXT)
                .contains("signed with moon's key generation 1");
        // The signed read receipt travels back to the writer's station.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(south("", "letter", "list", "liaison").out()).containsPattern("ours   #" + seq + " .* read "));
    }

    @Test
    @Order(2)
    void aPrivateSubjectIsSealedAndARepliesFormAThread() throws Exception {
        long seq = moonWrites("A meeting at Panmunjom", true, "Shall we meet?");
        CliRunner.Run listed = north("", "letter", "list", "liaison");
        assertThat(listed.out()).contains("(private subject)").doesNotContain("Panmunjom");
        CliRunner.Run read = north(KIM + "\n", "letter", "read", "liaison", String.valueOf(seq), "--passphrase-stdin");
        assertThat(read.out()).contains("Subject: A meeting at Panmunjom (private)").contains("Shall we meet?");

        String hash = south("", "letter", "list", "liaison").out().lines().filter(l -> l.contains("ours   #" + seq + " ")).findFirst()
                .orElseThrow().replaceAll(".*\\s([0-9a-f]{12})$", "$1");
        String fullHash = north.lines().transcript("liaison", 0, 1000).entries().stream().map(e -> e.hash()).filter(h -> h.startsWith(hash))
                .findFirst().orElseThrow();
        CliRunner.Run unknown = north(KIM + "\nNo.\n", "letter", "write", "liaison", "--to", "moon", "--subject", "Re: meeting",
                "--reply-to", "0123456789ab", "--passphrase-stdin");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("no letter whose hash starts with 0123456789ab");
        // The 12 digits the listing shows are enough to reply.
        CliRunner.Run reply = north(KIM + "\nYes, at ten.\n", "letter", "write", "liaison", "--to", "moon", "--subject", "Re: meeting",
                "--reply-to", hash, "--passphrase-stdin");
        assertThat(reply.exit()).as("%s", reply).isZero();
        JsonNode listedAsJson = Json.MAPPER.readTree(north("", "letter", "list", "liaison", "--json").out());
        assertThat(listedAsJson.path("letters").findValuesAsText("replyTo")).containsExactly(fullHash);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String threads = south("", "letter", "list", "liaison").out();
            String thread = threads.substring(threads.indexOf("Thread: (private subject)"));
            assertThat(thread.lines().skip(1).takeWhile(l -> l.startsWith("  ")).toList()).hasSize(2)
                    .anySatisfy(l -> assertThat(l).contains("kim -> moon").contains("Re: meeting"));
        });
    }

    @Test
    @Order(3)
    void aLetterUnderARotatedOutKeyIsRefused() throws Exception {
        PrincipalSecrets old = unlockedMoon();
        assertThat(south(MOON + "\n" + MOON + " v2\n", "principal", "rotate", "moon", "--passphrase-stdin").exit()).isZero();
        // Written with the old key after the rotation: the station will not carry it.
        var recipient = north.store().principalKeys("kim").getLast().sealing();
        Letter stale = LetterSeal.write(TestStations.line(south, "liaison").id(), new LetterSeal.Draft("moon", "kim", java.time.Instant.now(),
                "Old key", false, Optional.empty(), "en", "Written with a retired key."), old, recipient);
        java.net.http.HttpResponse<String> posted = post("/api/v1/lines/liaison/letters", stale);
        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(posted.body()).contains("not moon's current one").contains("rotated-out key");

        // And the new key writes, and kim reads it, told which generation signed.
        long seq = moonWritesWith(MOON + " v2", "After the rotation");
        CliRunner.Run read = north(KIM + "\n", "letter", "read", "liaison", String.valueOf(seq), "--passphrase-stdin");
        assertThat(read.out()).contains("signed with moon's key generation 2");
    }

    @Test
    @Order(4)
    void anEnvelopeIsCheckedOfflineWithoutOpeningTheLetter() throws Exception {
        Path file = southDir.resolveSibling("envelope.json");
        // The first letter moon wrote, before the rotation: its seq from the list.
        String listed = north("", "letter", "list", "liaison").out();
        Matcher first = Pattern.compile("theirs #(\\d+) ").matcher(listed);
        assertThat(first.find()).as(listed).isTrue();
        CliRunner.Run exported = north("", "letter", "export", "liaison", first.group(1), "--to", file.toString());
        assertThat(exported.exit()).as("%s", exported).isZero();
        CliRunner.Run verified = typing("", "verify", file.toString());
        assertThat(verified.exit()).as("%s", verified).isZero();
        assertThat(verified.out()).startsWith("VALID: letter envelope").contains("from moon to kim").contains("key generation 1")
                .contains("the text stays sealed").doesNotContain("연락선");

        String json = java.nio.file.Files.readString(file);
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        var letter = (com.fasterxml.jackson.databind.node.ObjectNode) node.path("letter");
        String bytes = new String(java.util.Base64.getDecoder().decode(letter.path("entry").asText()), StandardCharsets.UTF_8);
        letter.put("entry", java.util.Base64.getEncoder().encodeToString(bytes.replace("\"to\":\"kim\"", "\"to\":\"kimm\"")
                .getBytes(StandardCharsets.UTF_8)));
        java.nio.file.Files.writeString(file, node.toString());
        CliRunner.Run tampered = typing("", "verify", file.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("INVALID (BAD_SIGNATURE)").contains("the letter").contains("edited");
    }

    @Test
    @Order(5)
    void forgedReadReceiptsDoNotMarkALetterRead() throws Exception {
        long seq = moonWritesWith(MOON + " v2", "Still unread");
        var line = TestStations.line(south, "liaison");
        org.hotline.protocol.SignedEntry letter = south.store().chain(line.id(), south.identity().id(), seq - 1, 1).getFirst().signed();
        var kimKey = north.store().principalKeys("kim").getLast();
        PrincipalSecrets kim = PrincipalSecrets.unlock(kimKey.locked(), "kim", kimKey.signing(), kimKey.sealing(), KIM.toCharArray());
        // North turns hostile: its station key signs receipts kim never gave.
        org.hotline.protocol.SigningKey northKey = TestStations.key(northDir);
        var northId = north.identity().id();
        north.close();
        north = null;
        org.hotline.protocol.SigningKey stranger = org.hotline.protocol.SigningKey.generate(new SecureRandom());
        List<org.hotline.protocol.LetterRead> forged = List.of(
                org.hotline.protocol.LetterRead.sign(letter.hash(), "kim", stranger),
                org.hotline.protocol.LetterRead.sign(org.hotline.protocol.Hash.sha256(new byte[] {7}), "kim", kim.signing()),
                org.hotline.protocol.LetterRead.sign(letter.hash(), "ri", kim.signing()));
        org.hotline.protocol.Head head = TestStations.chain(south, "liaison", northId).getLast().signed().head();
        org.hotline.protocol.Head seen = TestStations.chain(south, "liaison", south.identity().id()).getLast().signed().head();
        List<org.hotline.protocol.SignedEntry> batch = new java.util.ArrayList<>();
        for (org.hotline.protocol.LetterRead read : forged) {
            org.hotline.protocol.SignedEntry entry = org.hotline.protocol.EntryAuthor.next(line.id(), northKey, head, seen,
                    java.time.Instant.now(), read);
            batch.add(entry);
            head = entry.head();
        }
        try (java.net.http.HttpClient asNorth = TestStations.rawClient(northDir, south.identity().id())) {
            var response = asNorth.send(java.net.http.HttpRequest.newBuilder(TestStations.federationUri(south, "lines/" + line.id().value()
                            + "/entries")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                            org.hotline.delivery.Wire.JSON.writeValueAsBytes(org.hotline.delivery.Wire.Batch.of(batch)))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            // Stored as signed, so that the peer's chain stays whole (and its claims on record)...
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        // ...but none of them is kim's receipt: the letter is not shown as read.
        assertThat(south("", "letter", "list", "liaison").out()).contains("ours   #" + seq + " ")
                .doesNotContainPattern("ours   #" + seq + " .* read ");
    }

    private long moonWritesWith(String passphrase, String subject) {
        CliRunner.Run write = south(passphrase + "\nNew key, same line.\n", "letter", "write", "liaison", "--to", "kim", "--subject", subject,
                "--passphrase-stdin");
        assertThat(write.exit()).as("%s", write).isZero();
        Matcher seq = Pattern.compile(": #(\\d+), hash").matcher(write.out());
        assertThat(seq.find()).isTrue();
        long number = Long.parseLong(seq.group(1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(north("", "letter", "list", "liaison").out()).contains("theirs #" + number + " "));
        return number;
    }

    private java.net.http.HttpResponse<String> post(String path, Letter letter) throws Exception {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("from", letter.from());
        body.put("to", letter.to());
        body.put("date", letter.date().toString());
        letter.subject().ifPresent(s -> body.put("subject", s));
        body.put("lang", letter.lang());
        body.put("signer", letter.signer().base64());
        body.put("recipientKey", letter.recipientKey().base64());
        body.put("enc", letter.enc());
        body.put("sealed", letter.sealed());
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(south.apiUrl() + path))
                    // A token acts only for its own user: moon's letter goes in with a token made for moon.
                    .header("Authorization", "Bearer " + CliRunner.typing("", "token", "create", "--name", "moon's desk", "--user", "moon",
                            "--data", southDir.toString()).out().strip()).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    private PrincipalSecrets unlockedMoon() throws Exception {
        var key = south.store().principalKeys("moon").getFirst();
        return PrincipalSecrets.unlock(key.locked(), "moon", key.signing(), key.sealing(), MOON.toCharArray());
    }

    private static Letter letterAt(Station station, long seq) {
        for (StoredEntry stored : station.store().entriesOfTypes(TestStations.line(station, "liaison").id(), Set.of(Letter.TYPE))) {
            if (stored.signed().entry().author().equals(station.identity().id()) && stored.signed().entry().seq() == seq) {
                return (Letter) stored.signed().entry().body();
            }
        }
        throw new AssertionError("no letter #" + seq);
    }
}
