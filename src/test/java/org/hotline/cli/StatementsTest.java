package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hotline.cli.CliRunner.typing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.hotline.Station;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.it.TestStations;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.Statement;
import org.hotline.store.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements end to end: a principal signs one quoting the other side's message, the station
 * publishes it on public Atom and JSON feeds (ROME parses the Atom), and `hotline verify` checks
 * the document offline; an edited quote, an edited text and a rotated-out key are each refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatementsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MOON = "moon's passphrase, south";
    private static final String QUOTED = "We will restore all communication lines from 10:00 on 27 July.";

    private Path temp;
    private Path southDir;
    private Path northDir;
    private Station south;
    private Station north;
    private long quotedSeq;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        temp = dir;
        southDir = TestStations.init(temp.resolve("south"), "Blue House");
        northDir = TestStations.init(temp.resolve("north"), "State Affairs Commission");
        south = TestStations.start(southDir);
        north = TestStations.start(northDir);
        TestStations.pair(south, north, "liaison");
        south.users().add("moon", Role.PRINCIPAL, "moon's login password".toCharArray());
        assertThat(south(MOON + "\n", "principal", "init", "moon", "--passphrase-stdin").exit()).isZero();
        quotedSeq = north.lines().send("liaison", new Message(QUOTED, Priority.URGENT, "en")).entry().seq();
        await().atMost(Duration.ofSeconds(20)).until(() -> TestStations.transcript(south, "liaison").stream()
                .anyMatch(entry -> entry.text().orElse("").equals(QUOTED)));
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

    private HttpResponse<String> anonymous(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    @Order(1)
    void aStatementIsPublishedOnPublicFeedsAndVerifiesOffline() throws Exception {
        CliRunner.Run published = south(MOON + "\nThe two sides have agreed to restore the liaison lines.\n", "statement", "publish",
                "--as", "moon", "--title", "The liaison lines are restored", "--quote", "liaison:theirs:" + quotedSeq, "--passphrase-stdin");
        assertThat(published.exit()).as("%s", published).isZero();
        assertThat(published.out()).contains("Published \"The liaison lines are restored\"").contains("/statements/");

        HttpResponse<String> atom = anonymous("/feed.atom");
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(atom.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/atom+xml"));
        SyndFeed feed = new SyndFeedInput().build(new StringReader(atom.body()));
        assertThat(feed.getTitle()).isEqualTo("Blue House: statements");
        assertThat(feed.getEntries()).hasSize(1);
        SyndEntry entry = feed.getEntries().getFirst();
        assertThat(entry.getTitle()).isEqualTo("The liaison lines are restored");
        assertThat(entry.getContents().getFirst().getValue()).isEqualTo("The two sides have agreed to restore the liaison lines.");
        assertThat(entry.getAuthor()).isEqualTo("moon, Blue House");
        assertThat(entry.getUri()).startsWith("urn:hotline:statement:");

        HttpResponse<String> json = anonymous("/feed.json");
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode item = JSON.readTree(json.body()).path("items").get(0);
        assertThat(item.path("title").asText()).isEqualTo("The liaison lines are restored");
        Path file = temp.resolve("statement.json");
        Files.write(file, JSON.writeValueAsBytes(item.path("_hotline")));
        CliRunner.Run verified = typing("", "verify", file.toString());
        assertThat(verified.exit()).as("%s", verified).isZero();
        assertThat(verified.out()).startsWith("VALID: statement").contains("signed by moon of Blue House").contains("key generation 1")
                .contains("1 quoted entry verified");
        // The signed document linked from the Atom entry (rel="related") is the same statement.
        String documentLink = entry.getLinks().stream().filter(link -> link.getRel().equals("related")).findFirst().orElseThrow().getHref();
        HttpResponse<String> linked = anonymous(URI.create(documentLink).getPath());
        assertThat(Statement.verifyDocument(linked.body().getBytes(StandardCharsets.UTF_8)).id().hex())
                .isEqualTo(item.path("_hotline").path("id").asText());
    }

    @Test
    @Order(2)
    void anEditedQuoteOrTextIsRefusedByVerify() throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(anonymous("/feed.json").body()).path("items").get(0).path("_hotline");

        ObjectNode editedQuote = document.deepCopy();
        ObjectNode quote = (ObjectNode) editedQuote.path("quotes").get(0);
        String bytes = new String(Base64.getDecoder().decode(quote.path("entry").asText()), StandardCharsets.UTF_8);
        quote.put("entry", Base64.getEncoder().encodeToString(bytes.replace("We will restore", "We will never restore")
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(verify(editedQuote, "edited-quote.json")).contains("INVALID").contains("quote 1").contains("edited");

        ObjectNode editedText = document.deepCopy();
        editedText.put("text", "The two sides have agreed to keep the lines cut.");
        assertThat(verify(editedText, "edited-text.json")).contains("INVALID (BAD_SIGNATURE)").contains("changed after moon signed it");
    }

    @Test
    @Order(3)
    void aKeyRotatedOutBeforeTheStatementIsRefused() throws Exception {
        var old = south.store().principalKeys("moon").getFirst();
        PrincipalSecrets oldKeys = PrincipalSecrets.unlock(old.locked(), "moon", old.signing(), old.sealing(), MOON.toCharArray());
        assertThat(south(MOON + "\n" + MOON + " v2\n", "principal", "rotate", "moon", "--passphrase-stdin").exit()).isZero();
        // The old passphrase opens nothing now, and the station refuses a statement signed with the old key.
        CliRunner.Run refused = south(MOON + "\nSigned with the retired key.\n", "statement", "publish", "--as", "moon", "--title", "Stale",
                "--passphrase-stdin");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("wrong passphrase");
        Instant then = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var station = south.identity();
        byte[] staleBytes = Statement.signedBytes(station.id(), station.name(), "moon", oldKeys.signingPublic(), "Stale", "en", then,
                "Signed with the retired key.", java.util.List.of());
        var body = JSON.createObjectNode().put("principal", "moon").put("signer", oldKeys.signingPublic().base64()).put("title", "Stale")
                .put("lang", "en").put("published", then.toString()).put("text", "Signed with the retired key.")
                .put("signature", Base64.getEncoder().encodeToString(oldKeys.signing().sign(staleBytes)));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/api/v1/statements"))
                    .header("Authorization", "Bearer " + CliRunner.typing("", "token", "create", "--name", "moon's desk", "--user", "moon",
                            "--data", southDir.toString()).out().strip()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(400);
            assertThat(posted.body()).contains("not moon's current one");
        }
        // ...and a statement forged with the old key, carrying the station's real key history, fails offline.
        assertThat(south(MOON + " v2\nNew key.\n", "statement", "publish", "--as", "moon", "--title", "After the rotation",
                "--passphrase-stdin").exit()).isZero();
        Statement current = Statement.decode(JSON.writeValueAsBytes(JSON.readTree(anonymous("/feed.json").body()).path("items").get(0)
                .path("_hotline")));
        assertThat(current.keyHistory()).hasSize(2);
        Instant now = Instant.now();
        byte[] signed = Statement.signedBytes(current.station(), current.stationName(), "moon", oldKeys.signingPublic(), "Forged", "en", now,
                "The lines are cut again.", java.util.List.of());
        Statement forged = new Statement(current.station(), current.stationName(), current.stationKey(), "moon", oldKeys.signingPublic(),
                "Forged", "en", now, "The lines are cut again.", java.util.List.of(),
                Base64.getEncoder().encodeToString(oldKeys.signing().sign(signed)), current.keyHistory());
        Path file = temp.resolve("rotated.json");
        Files.write(file, forged.encode());
        CliRunner.Run verified = typing("", "verify", file.toString());
        assertThat(verified.exit()).isEqualTo(1);
        assertThat(verified.out()).contains("INVALID (BAD_SIGNATURE)").contains("rotated out at").contains("generation 1");
        // Leaving the rotation out of the key history, even with the station's attestation copied, is caught.
        Statement omitted = new Statement(forged.station(), forged.stationName(), forged.stationKey(), "moon", forged.signer(), forged.title(),
                forged.lang(), forged.published(), forged.text(), forged.quotes(), forged.signature(), current.keyHistory().subList(0, 1),
                current.keysSignature());
        Path omittedFile = temp.resolve("omitted.json");
        Files.write(omittedFile, omitted.encode());
        CliRunner.Run caught = typing("", "verify", omittedFile.toString());
        assertThat(caught.exit()).as("%s", caught).isEqualTo(1);
        assertThat(caught.out()).contains("INVALID (BAD_SIGNATURE)").contains("not the one the station attested");
        // The genuine document verifies.
        Path currentFile = temp.resolve("current.json");
        Files.write(currentFile, current.encode());
        assertThat(typing("", "verify", currentFile.toString()).out()).startsWith("VALID");
    }

    @Test
    @Order(4)
    void aJointStatementCoSignedByBothSidesIsOnBothFeedsAndVerifies() throws Exception {
        north.users().add("kim", Role.PRINCIPAL, "kim's login password".toCharArray());
        assertThat(typing("kim's passphrase, north\n", "principal", "init", "kim", "--passphrase-stdin", "--data", northDir.toString(),
                "--api", north.apiUrl()).exit()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> south("", "principal", "show", "--line", "liaison").out().contains("kim  generation 1"));

        CliRunner.Run drafted = south("Both sides will keep the liaison lines open and test them twice a day.\n", "statement", "draft", "liaison",
                "--title", "Joint statement on the liaison lines");
        assertThat(drafted.exit()).as("%s", drafted).isZero();
        java.util.regex.Matcher hash = java.util.regex.Pattern.compile("hash ([0-9a-f]{64})").matcher(drafted.out());
        assertThat(hash.find()).isTrue();
        // An operator may read drafts but not co-sign.
        String operator = org.hotline.StationFiles.createToken(south.store(), "watch", Role.OPERATOR, new java.security.SecureRandom(),
                java.time.Clock.systemUTC());
        CliRunner.Run byOperator = south(MOON + " v2\n", "statement", "cosign", "liaison", hash.group(1), "--as", "moon", "--passphrase-stdin",
                "--token", operator);
        assertThat(byOperator.exit()).isEqualTo(1);
        assertThat(byOperator.err()).contains("may not create a principal token for moon");

        CliRunner.Run moon = south(MOON + " v2\n", "statement", "cosign", "liaison", hash.group(1), "--as", "moon", "--passphrase-stdin");
        assertThat(moon.exit()).as("%s", moon).isZero();
        // Only one side has signed: it is on no feed yet.
        assertThat(anonymous("/feed.atom").body()).doesNotContain("Joint statement on the liaison lines");
        await().atMost(Duration.ofSeconds(20)).until(() -> north.store().entriesOfTypes(TestStations.line(north, "liaison").id(), java.util.Set.of("statement-draft")).size() == 1);
        CliRunner.Run kim = typing("kim's passphrase, north\n", "statement", "cosign", "liaison", hash.group(1).substring(0, 16), "--as", "kim",
                "--passphrase-stdin", "--data", northDir.toString(), "--api", north.apiUrl());
        assertThat(kim.exit()).as("%s", kim).isZero();

        for (Station station : new Station[] {south, north}) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> atom = get(station, "/feed.atom");
                SyndFeed feed = new SyndFeedInput().build(new StringReader(atom.body()));
                assertThat(feed.getEntries()).anySatisfy(entry -> {
                    assertThat(entry.getTitle()).isEqualTo("Joint statement on the liaison lines");
                    assertThat(entry.getAuthor()).contains("moon (Blue House, key generation 2)").contains("kim (State Affairs Commission");
                    assertThat(entry.getContents().getFirst().getValue()).contains("test them twice a day");
                });
            });
        }
        JsonNode item = null;
        for (JsonNode candidate : JSON.readTree(get(north, "/feed.json").body()).path("items")) {
            if (candidate.path("id").asText().startsWith("urn:hotline:joint-statement:")) {
                item = candidate;
            }
        }
        assertThat(item).isNotNull();
        Path file = temp.resolve("joint.json");
        Files.write(file, JSON.writeValueAsBytes(item.path("_hotline")));
        CliRunner.Run verified = typing("", "verify", file.toString());
        assertThat(verified.exit()).as("%s", verified).isZero();
        assertThat(verified.out()).startsWith("VALID: joint statement").contains("co-signed by moon (Blue House, key generation 2)")
                .contains("co-signed by kim (State Affairs Commission, key generation 1)");

        // A co-signature moved from another text: swap north's cosign signature for one over a different hash.
        ObjectNode forged = ((ObjectNode) item.path("_hotline")).deepCopy();
        ObjectNode northCosign = null;
        for (JsonNode party : forged.path("parties")) {
            if (party.path("stationName").asText().equals("State Affairs Commission")) {
                northCosign = (ObjectNode) party.path("cosign");
            }
        }
        assertThat(northCosign).isNotNull();
        String bytes = new String(Base64.getDecoder().decode(northCosign.path("entry").asText()), StandardCharsets.UTF_8);
        String swapped = bytes.replaceAll("\"textHash\":\"[0-9a-f]{64}\"", "\"textHash\":\"" + "ab".repeat(32) + "\"");
        northCosign.put("entry", Base64.getEncoder().encodeToString(swapped.getBytes(StandardCharsets.UTF_8)));
        assertThat(verify(forged, "forged-joint.json")).contains("INVALID").contains("co-signature of State Affairs Commission");
    }

    @Test
    @Order(5)
    void aSingleQuotedEntryIsCheckedOffline() throws Exception {
        HttpResponse<String> quote;
        try (HttpClient client = HttpClient.newHttpClient()) {
            quote = client.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/api/v1/lines/liaison/quote?author=theirs&seq=" + quotedSeq))
                    .header("Authorization", "Bearer " + org.hotline.StationFiles.readCliToken(southDir)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(quote.statusCode()).isEqualTo(200);
        Path file = temp.resolve("quote.json");
        Files.writeString(file, quote.body());
        CliRunner.Run verified = typing("", "verify", file.toString());
        assertThat(verified.exit()).as("%s", verified).isZero();
        assertThat(verified.out()).startsWith("VALID: entry").contains("#" + quotedSeq).contains(QUOTED);

        ObjectNode edited = (ObjectNode) JSON.readTree(quote.body());
        String bytes = new String(Base64.getDecoder().decode(edited.path("entry").asText()), StandardCharsets.UTF_8);
        edited.put("entry", Base64.getEncoder().encodeToString(bytes.replace("10:00", "11:00").getBytes(StandardCharsets.UTF_8)));
        assertThat(verify(edited, "edited-single-quote.json")).contains("INVALID (BAD_SIGNATURE)").contains("edited");
    }

    private static HttpResponse<String> get(Station station, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(station.apiUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private String verify(JsonNode document, String name) throws Exception {
        Path file = temp.resolve(name);
        Files.write(file, JSON.writeValueAsBytes(document));
        CliRunner.Run run = typing("", "verify", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        return run.out();
    }
}
