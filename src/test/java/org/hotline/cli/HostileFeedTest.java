package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.hotline.Station;
import org.hotline.config.ConfigException;
import org.hotline.it.TestStations;
import org.hotline.store.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public feeds with a hostile statement and a hostile Host header: one statement holding ESC,
 * a vertical tab and a bidi override leaves the Atom feed valid XML for everyone (the exact text
 * stays in the JSON feed), and every link is built from {@code feed.public-url}, whatever Host the
 * request names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HostileFeedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC = "https://statements.example.org/blue";
    private static final String PASSPHRASE = "moon's passphrase, south";
    private static final String TEXT = "Both sides agree.\u001b[2J\u000bHidden\u202edne\u0000 end";

    private Station south;
    private Station north;

    @BeforeAll
    void publishAHostileStatement(@TempDir Path temp) throws Exception {
        Path dir = TestStations.init(temp.resolve("south"), "Blue House");
        south = TestStations.start(dir, Map.of("HOTLINE_FEED_PUBLIC_URL", PUBLIC + "/"));
        north = TestStations.start(TestStations.init(temp.resolve("north"), "State Affairs Commission"));
        // A principal's keys are announced on a line; a statement needs them in a transcript.
        TestStations.pair(south, north, "liaison");
        south.users().add("moon", Role.PRINCIPAL, "moon's login password".toCharArray());
        assertThat(CliRunner.at(south, PASSPHRASE + "\n", "principal", "init", "moon", "--passphrase-stdin").exit()).isZero();
        CliRunner.Run published = CliRunner.at(south, PASSPHRASE + "\n" + TEXT + "\n", "statement", "publish", "--as", "moon",
                "--title", "Joint\u001b[8m title\u202e", "--passphrase-stdin");
        assertThat(published.exit()).as("%s", published).isZero();
        assertThat(published.out()).contains("Published \"Joint\\u001b[8m title\\u202e\": " + PUBLIC + "/statements/");
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

    @Test
    void theAtomFeedStaysValidAndShowsTheTextVisiblyWithLinksFromTheConfiguredUrl() throws Exception {
        for (String host : new String[] {"evil.example", "127.0.0.1:" + south.apiPort()}) {
            String[] answer = get("/feed.atom", host);
            assertThat(answer[0]).as(host).contains(" 200 ");
            SyndFeed feed = new SyndFeedInput().build(new StringReader(answer[1]));
            SyndEntry entry = feed.getEntries().getFirst();
            assertThat(entry.getContents().getFirst().getValue())
                    .isEqualTo("Both sides agree.\\u001b[2J\\u000bHidden\\u202edne\\u0000 end");
            assertThat(entry.getTitle()).isEqualTo("Joint\\u001b[8m title\\u202e");
            assertThat(feed.getLinks()).extracting(SyndLink::getRel).contains("self");
            assertThat(feed.getLinks()).filteredOn(link -> link.getRel().equals("self")).extracting(SyndLink::getHref)
                    .containsExactly(PUBLIC + "/feed.atom");
            assertThat(entry.getLink()).startsWith(PUBLIC + "/statements/");
            assertThat(answer[1]).doesNotContain("evil.example");
            // What a reader opens is the statement as text; the signed document is the related link.
            assertThat(entry.getLink()).endsWith("/text");
            assertThat(entry.getLinks()).extracting(SyndLink::getRel, SyndLink::getType)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("alternate", "text/plain"),
                            org.assertj.core.groups.Tuple.tuple("related", "application/json"));
            String[] page = get(entry.getLink().substring(PUBLIC.length()), host);
            assertThat(page[0]).contains(" 200 ").containsIgnoringCase("Content-Type: text/plain");
            assertThat(page[1]).startsWith("Joint\\u001b[8m title\\u202e\n").contains("Signed by moon of Blue House")
                    .contains("Both sides agree.\\u001b[2J").contains(PUBLIC + "/statements/").doesNotContain("\u001b");
        }
    }

    @Test
    void theJsonFeedCarriesTheExactSignedTextAndLinksFromTheConfiguredUrl() throws Exception {
        String[] answer = get("/feed.json", "evil.example");
        assertThat(answer[0]).contains(" 200 ");
        JsonNode feed = JSON.readTree(answer[1]);
        assertThat(feed.path("feed_url").asText()).isEqualTo(PUBLIC + "/feed.json");
        JsonNode item = feed.path("items").get(0);
        assertThat(item.path("content_text").asText()).isEqualTo(TEXT);
        assertThat(item.path("url").asText()).startsWith(PUBLIC + "/statements/");
        assertThat(answer[1]).doesNotContain("evil.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.org", "example.org", "https://", "https://example.org/?a=b", "https://example.org/#x",
        "https://user:pw@example.org", "https://exa mple.org", "javascript:alert(1)"})
    void aFeedUrlThatIsNotAPlainHttpUrlIsRefused(String url) {
        assertThatThrownBy(() -> TestStations.config(south.config().dataDir(), Map.of("HOTLINE_FEED_PUBLIC_URL", url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("feed.public-url");
    }

    /** A raw HTTP/1.0 GET (no chunking), so that the Host header is the test's to choose: status line and body. */
    @Test
    void anEmptyFeedIsAsNewAsNowNot1970() throws Exception {
        // North has published nothing.
        String[] answer = get(north, "/feed.atom", "127.0.0.1");
        assertThat(answer[0]).contains(" 200 ");
        SyndFeed empty = new SyndFeedInput().build(new StringReader(answer[1]));
        assertThat(empty.getEntries()).isEmpty();
        assertThat(empty.getPublishedDate().toInstant()).isAfter(java.time.Instant.now().minusSeconds(3600));
    }

    private String[] get(String path, String host) throws IOException {
        return get(south, path, host);
    }

    private static String[] get(Station station, String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", station.apiPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            return new String[] {response.substring(0, split), response.substring(split + 4)};
        }
    }
}
