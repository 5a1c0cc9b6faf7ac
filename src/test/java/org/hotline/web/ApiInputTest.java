package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hotline.error.ErrorCode;
import org.hotline.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind gets the right status and a JSON error, and stores nothing; afterwards a
 * good message still goes through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiInputTest {
    private static final String LINE = PairedStations.LINE;
    private static final String MESSAGES = "/api/v1/lines/" + LINE + "/messages";
    private static final String TRANSCRIPT = "/api/v1/lines/" + LINE + "/transcript";
    private static final int MAX_API_BODY = 256 * 1024;

    private Path temp;

    private PairedStations stations;
    private Http api;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        temp = dir;
        stations = PairedStations.start(temp);
        api = stations.southAsOperator();
    }

    @AfterAll
    void stop() {
        if (stations != null) {
            stations.close();
        }
    }

    record Case(String name, Function<Http, Http.Response> call, ErrorCode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case post(String name, String json, ErrorCode expected) {
        return new Case(name, http -> http.postJson(MESSAGES, json), expected);
    }

    private static Case get(String name, String path, ErrorCode expected) {
        return new Case(name, http -> http.get(path), expected);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String textOfBytes(String unit, int bytes) {
        int unitBytes = utf8(unit).length;
        assertThat(bytes % unitBytes).isZero();
        return unit.repeat(bytes / unitBytes);
    }

    static Stream<Case> badRequests() {
        String tooLongAscii = "x".repeat(Message.MAX_TEXT_BYTES + 1);
        String tooLongKorean = textOfBytes("한", Message.MAX_TEXT_BYTES + 3);
        byte[] oversized = utf8("{\"text\": \"" + "x".repeat(MAX_API_BODY) + "\"}");
        return Stream.of(
                // Not JSON, or not the JSON this call takes.
                post("truncated JSON", "{\"text\": \"hi\"", ErrorCode.BAD_REQUEST),
                post("not JSON at all", "text=hi", ErrorCode.BAD_REQUEST),
                post("an array", "[\"hi\"]", ErrorCode.BAD_REQUEST),
                post("a bare string", "\"hi\"", ErrorCode.BAD_REQUEST),
                post("JSON null", "null", ErrorCode.BAD_REQUEST),
                post("an empty body", "", ErrorCode.BAD_REQUEST),
                post("an unknown field", "{\"text\": \"hi\", \"urgent\": true}", ErrorCode.BAD_REQUEST),
                post("a misspelt field", "{\"txt\": \"hi\"}", ErrorCode.BAD_REQUEST),
                post("a duplicate key", "{\"text\": \"harmless\", \"text\": \"what was really meant\"}", ErrorCode.BAD_REQUEST),
                post("trailing data", "{\"text\": \"hi\"} {\"text\": \"again\"}", ErrorCode.BAD_REQUEST),
                post("text as an array", "{\"text\": [\"hi\"]}", ErrorCode.BAD_REQUEST),
                post("text as an object", "{\"text\": {\"value\": \"hi\"}}", ErrorCode.BAD_REQUEST),
                post("text as a number", "{\"text\": 5}", ErrorCode.BAD_REQUEST),
                post("text as a boolean", "{\"text\": true}", ErrorCode.BAD_REQUEST),
                post("priority as a number", "{\"text\": \"hi\", \"priority\": 1}", ErrorCode.BAD_REQUEST),
                post("text with a lone high surrogate", "{\"text\": \"a\\ud800b\"}", ErrorCode.BAD_REQUEST),
                post("text with a lone low surrogate", "{\"text\": \"\\udc00\"}", ErrorCode.BAD_REQUEST),
                new Case("invalid UTF-8", http -> http.post(MESSAGES, "application/json",
                        new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), ErrorCode.BAD_REQUEST),
                // Wrong media types.
                new Case("Content-Type text/plain", http -> http.post(MESSAGES, "text/plain", utf8("{\"text\": \"hi\"}")),
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE),
                new Case("a JSON-like media type", http -> http.post(MESSAGES, "application/json-patch+json", utf8("{\"text\": \"hi\"}")),
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE),
                new Case("a form", http -> http.post(MESSAGES, "application/x-www-form-urlencoded", utf8("text=hi")),
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE),
                new Case("no Content-Type", http -> http.postWithoutContentType(MESSAGES, utf8("{\"text\": \"hi\"}")),
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE),
                // Too large bodies, declared and streamed.
                new Case("a body over 256 KiB", http -> http.postExpectingContinue(MESSAGES, "application/json", oversized),
                        ErrorCode.TOO_LARGE),
                new Case("a chunked body over 256 KiB", http -> http.postChunked(MESSAGES, "application/json", oversized),
                        ErrorCode.TOO_LARGE),
                // Messages that are not messages.
                post("no text", "{}", ErrorCode.BAD_REQUEST),
                post("empty text", "{\"text\": \"\"}", ErrorCode.BAD_REQUEST),
                post("blank text", "{\"text\": \" \\n\\t \"}", ErrorCode.BAD_REQUEST),
                post("an unknown priority", "{\"text\": \"hi\", \"priority\": \"critical\"}", ErrorCode.BAD_REQUEST),
                post("a priority in capitals", "{\"text\": \"hi\", \"priority\": \"FLASH\"}", ErrorCode.BAD_REQUEST),
                post("an empty priority", "{\"text\": \"hi\", \"priority\": \"\"}", ErrorCode.BAD_REQUEST),
                post("a sentence for a language", "{\"text\": \"hi\", \"lang\": \"english please\"}", ErrorCode.BAD_REQUEST),
                post("a one-letter language", "{\"text\": \"hi\", \"lang\": \"e\"}", ErrorCode.BAD_REQUEST),
                post("an underscore language", "{\"text\": \"hi\", \"lang\": \"ko_KR\"}", ErrorCode.BAD_REQUEST),
                post("a language with a newline", "{\"text\": \"hi\", \"lang\": \"en\\n\"}", ErrorCode.BAD_REQUEST),
                post("text one byte too long", "{\"text\": \"" + tooLongAscii + "\"}", ErrorCode.TOO_LARGE),
                post("Korean text three bytes too long", "{\"text\": \"" + tooLongKorean + "\"}", ErrorCode.TOO_LARGE),
                post("text whose escaped form overflows the entry", "{\"text\": \"" + "\\u0001".repeat(12_000) + "\"}",
                        ErrorCode.TOO_LARGE),
                // Lines that do not exist, however they are spelt.
                new Case("a message to an unknown line", http -> http.postJson("/api/v1/lines/leaders/messages", "{\"text\": \"hi\"}"),
                        ErrorCode.NOT_FOUND),
                get("an unknown line", "/api/v1/lines/leaders", ErrorCode.NOT_FOUND),
                get("the transcript of an unknown line", "/api/v1/lines/leaders/transcript", ErrorCode.NOT_FOUND),
                get("a line id that is no line", "/api/v1/lines/aaaaaaaaaaaaaaaaaaaaaaaaaa/transcript", ErrorCode.NOT_FOUND),
                get("path traversal", "/api/v1/lines/..%2F..%2Fetc", ErrorCode.NOT_FOUND),
                get("path traversal to a transcript", "/api/v1/lines/..%2F..%2Fetc/transcript", ErrorCode.NOT_FOUND),
                get("path traversal to a data file", "/api/v1/lines/..%2Fcli.token/transcript", ErrorCode.NOT_FOUND),
                get("dot-encoded path traversal", "/api/v1/lines/%2e%2e%2f%2e%2e%2fetc%2fpasswd/transcript", ErrorCode.NOT_FOUND),
                new Case("a message along a path traversal", http -> http.postJson("/api/v1/lines/..%2F..%2Fetc/messages",
                        "{\"text\": \"hi\"}"), ErrorCode.NOT_FOUND),
                get("SQL in a line name", "/api/v1/lines/liaison'%20OR%20'1'='1/transcript", ErrorCode.NOT_FOUND),
                // Query parameters out of their range or not numbers.
                get("after negative", TRANSCRIPT + "?after=-1", ErrorCode.BAD_REQUEST),
                get("after not a number", TRANSCRIPT + "?after=abc", ErrorCode.BAD_REQUEST),
                get("after a fraction", TRANSCRIPT + "?after=1.5", ErrorCode.BAD_REQUEST),
                get("after beyond a long", TRANSCRIPT + "?after=99999999999999999999", ErrorCode.BAD_REQUEST),
                get("limit zero", TRANSCRIPT + "?limit=0", ErrorCode.BAD_REQUEST),
                get("limit negative", TRANSCRIPT + "?limit=-5", ErrorCode.BAD_REQUEST),
                get("limit over the page size", TRANSCRIPT + "?limit=1001", ErrorCode.BAD_REQUEST),
                get("limit that wraps to 1 as an int", TRANSCRIPT + "?limit=4294967297", ErrorCode.BAD_REQUEST),
                get("limit empty", TRANSCRIPT + "?limit=", ErrorCode.BAD_REQUEST),
                get("wait negative", TRANSCRIPT + "?wait=-1", ErrorCode.BAD_REQUEST),
                get("wait over a minute", TRANSCRIPT + "?wait=61", ErrorCode.BAD_REQUEST),
                get("wait not a number", TRANSCRIPT + "?wait=soon", ErrorCode.BAD_REQUEST),
                // Invitations.
                new Case("an invitation without a line", http -> http.postJson("/api/v1/invitations", "{}"), ErrorCode.BAD_REQUEST),
                new Case("an invitation for a bad line name", http -> http.postJson("/api/v1/invitations", "{\"line\": \"../etc\"}"),
                        ErrorCode.BAD_REQUEST),
                new Case("an invitation for a line that exists", http -> http.postJson("/api/v1/invitations", "{\"line\": \"liaison\"}"),
                        ErrorCode.CONFLICT),
                new Case("an invitation valid for too long", http -> http.postJson("/api/v1/invitations",
                        "{\"line\": \"later\", \"ttlHours\": 721}"), ErrorCode.BAD_REQUEST),
                new Case("an invitation with hours as text", http -> http.postJson("/api/v1/invitations",
                        "{\"line\": \"later\", \"ttlHours\": \"24\"}"), ErrorCode.BAD_REQUEST),
                new Case("an invitation valid for no time", http -> http.postJson("/api/v1/invitations",
                        "{\"line\": \"later\", \"ttlHours\": 0}"), ErrorCode.BAD_REQUEST),
                new Case("accepting garbage", http -> http.postJson("/api/v1/invitations/accept",
                        "{\"invitation\": \"hotline-invitation:!!!\"}"), ErrorCode.BAD_REQUEST),
                // Labels people read, made here and (for an answer) signed and shown to the peer: nothing hidden in them.
                new Case("a token name with ESC and a newline", http -> http.postJson("/api/v1/tokens",
                        "{\"name\": \"night\\u001b[8m\\nwatch\", \"role\": \"auditor\"}"), ErrorCode.BAD_REQUEST),
                new Case("an answer by a name with a bidi override", http -> http.postJson("/api/v1/lines/" + LINE + "/answer",
                        "{\"by\": \"kim\\u202e\"}"), ErrorCode.BAD_REQUEST),
                new Case("accepting no invitation", http -> http.postJson("/api/v1/invitations/accept", "{}"), ErrorCode.BAD_REQUEST),
                new Case("previewing no invitation", http -> http.postJson("/api/v1/invitations/preview", "{\"invitation\": \"\"}"),
                        ErrorCode.BAD_REQUEST));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsRefusedWithAJsonErrorAndStoresNothing(Case bad) throws IOException {
        List<String> filesBefore = dataFiles();
        List<String> entriesBefore = hashes();
        long ownBefore = stations.south.lines().summary(stations.south.lines().resolve(LINE)).ownEntries();

        Http.Response response = bad.call().apply(api);

        JsonNode error = Http.assertError(response, bad.expected());
        // Said in the user's words: no Java class, no Jackson feature, no stack of internals.
        assertThat(error.path("reason").asText()).as("reason").doesNotContainPattern("org\\.hotline|com\\.fasterxml|java\\.|\\$|Feature|Exception|Coercion|JsonToken")
                .isNotBlank();
        assertThat(hashes()).as("south's transcript").isEqualTo(entriesBefore);
        assertThat(stations.south.lines().summary(stations.south.lines().resolve(LINE)).ownEntries()).isEqualTo(ownBefore);
        assertThat(stations.south.store().lines()).as("no line opened").hasSize(1);
        assertThat(dataFiles()).as("files in the data folder and around it").isEqualTo(filesBefore);
        assertThat(Files.exists(temp.resolve("etc"))).isFalse();
    }

    @Test
    @Order(1)
    void aBadBodyIsExplainedFieldByField() {
        assertThat(Http.assertError(api.postJson(MESSAGES, "{\"text\": \"hi\", \"urgent\": true}"), ErrorCode.BAD_REQUEST)
                .path("reason").asText()).endsWith("unknown field 'urgent'; this call takes lang, priority, text");
        assertThat(Http.assertError(api.postJson(MESSAGES, "{\"text\": 5}"), ErrorCode.BAD_REQUEST).path("reason").asText())
                .endsWith("field 'text' should be text");
        assertThat(Http.assertError(api.postJson("/api/v1/invitations", "{\"line\": \"later\", \"ttlHours\": \"24\"}"),
                ErrorCode.BAD_REQUEST).path("reason").asText()).endsWith("field 'ttlHours' should be a whole number");
        assertThat(Http.assertError(api.postJson(MESSAGES, "{\"text\": \"hi\""), ErrorCode.BAD_REQUEST).path("reason").asText())
                .contains("the body is not JSON: Unexpected end-of-input").contains("(line 1, column");
        assertThat(Http.assertError(api.postJson(MESSAGES, "{\"text\": \"a\", \"text\": \"b\"}"), ErrorCode.BAD_REQUEST).path("reason")
                .asText()).contains("the body is not JSON: Duplicate field 'text'");
        assertThat(Http.assertError(api.postJson(MESSAGES, "[\"hi\"]"), ErrorCode.BAD_REQUEST).path("reason").asText())
                .endsWith("the body must be a JSON object");
    }

    @Test
    @Order(2)
    void afterAllThatAGoodMessageStillGoesThroughAndSqlLookingTextIsJustText() {
        List<String> texts = List.of(
                "'; DROP TABLE entries; --",
                "Robert'); DELETE FROM lines WHERE ('1'='1",
                "\" OR 1=1 -- \\ %_ \u0000 */ /*",
                "연락 확인합니다.");
        // Every refusal above left the transcript as it was: empty.
        assertThat(transcript().path("entries")).isEmpty();
        long seq = 0;
        for (String text : texts) {
            Http.Response sent = api.postJson(MESSAGES, Map.of("text", text));
            assertThat(sent.status()).as("%s", sent).isEqualTo(201);
            assertThat(sent.json().path("seq").asLong()).as("no seq was spent on refused input").isEqualTo(++seq);
            assertThat(sent.json().path("delivery").asText()).isEqualTo("queued");
        }

        JsonNode entries = transcript().path("entries");
        assertThat(entries).hasSize(texts.size());
        List<String> stored = new ArrayList<>();
        entries.forEach(entry -> stored.add(entry.path("text").asText()));
        assertThat(stored).containsExactlyElementsOf(texts);
        entries.forEach(entry -> {
            assertThat(entry.path("priority").asText()).isEqualTo("routine");
            assertThat(entry.path("lang").asText()).isEqualTo("en");
            assertThat(entry.path("mine").asBoolean()).isTrue();
        });
        // The tables are all still there, and the chain is intact: the peer takes every entry.
        assertThat(api.get("/api/v1/lines").json().path("lines")).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode theirs = stations.northAsOperator().get(TRANSCRIPT).json().path("entries");
            assertThat(theirs).hasSize(texts.size());
            List<String> received = new ArrayList<>();
            theirs.forEach(entry -> received.add(entry.path("text").asText()));
            assertThat(received).containsExactlyElementsOf(texts);
        });
    }

    @Test
    @Order(3)
    void textOfExactlyTheLimitIsTakenWhole() {
        String korean = textOfBytes("한", Message.MAX_TEXT_BYTES);
        Http.Response sent = api.postJson(MESSAGES, Map.of("text", korean, "priority", "flash", "lang", "ko-KR"));
        assertThat(sent.status()).as("%s", sent).isEqualTo(201);

        JsonNode last = transcript().path("entries").get(transcript().path("entries").size() - 1);
        assertThat(last.path("hash").asText()).isEqualTo(sent.json().path("hash").asText());
        assertThat(last.path("text").asText()).isEqualTo(korean);
        assertThat(last.path("priority").asText()).isEqualTo("flash");
        assertThat(last.path("lang").asText()).isEqualTo("ko-KR");
    }

    @Test
    @Order(4)
    void theLineCanBeNamedByItsId() {
        String id = stations.south.lines().resolve(LINE).id().value();
        // Compare at rest: a receipt arriving between the two reads would change a delivery state.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> stations.south.lines().summary(stations.south.lines().resolve(LINE)).queued() == 0);
        JsonNode byId = api.get("/api/v1/lines/" + id + "/transcript").json();
        assertThat(byId.path("line").asText()).isEqualTo(LINE);
        assertThat(byId.path("entries")).isEqualTo(transcript().path("entries"));
    }

    @Test
    @Order(5)
    void theMediaTypeMayCarryParametersAndAnyCase() {
        for (String contentType : new String[] {"application/json; charset=UTF-8", "Application/JSON"}) {
            Http.Response sent = api.post(MESSAGES, contentType, utf8("{\"text\": \"sent as " + contentType + "\"}"));
            assertThat(sent.status()).as("%s: %s", contentType, sent).isEqualTo(201);
        }
    }

    @Test
    @Order(6)
    void acceptingUnderABadLocalNameIsABadRequestAndOpensNothing() {
        String invitation = stations.north.lines().invite("second", java.util.Optional.empty()).invitation();
        for (String name : new String[] {"../etc", "Second", "", "x".repeat(64)}) {
            Http.Response response = api.postJson("/api/v1/invitations/accept", Map.of("invitation", invitation, "name", name));
            Http.assertError(response, ErrorCode.BAD_REQUEST);
        }
        assertThat(api.get("/api/v1/lines").json().path("lines")).hasSize(1);
        // The invitation was not spent on the refusals.
        Http.Response accepted = api.postJson("/api/v1/invitations/accept", Map.of("invitation", invitation, "name", "second-here"));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(201);
        assertThat(accepted.json().path("name").asText()).isEqualTo("second-here");
    }

    private List<String> hashes() {
        List<String> hashes = new ArrayList<>();
        transcript().path("entries").forEach(entry -> hashes.add(entry.path("hash").asText()));
        return hashes;
    }

    private JsonNode transcript() {
        Http.Response response = api.get(TRANSCRIPT + "?limit=1000");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    /** Names and sizes of every file under the test's folder, but the SQLite files that change on reads. */
    private List<String> dataFiles() throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().contains(".db"))
                    .map(file -> temp.relativize(file) + " " + sizeOf(file))
                    .sorted()
                    .toList();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
