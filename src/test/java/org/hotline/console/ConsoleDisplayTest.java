package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.alert.CapturedLog;
import org.hotline.it.TestStations;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.store.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console, rendered on the server and read as HTML (no browser): a peer's message and cut
 * reason holding ESC, NUL and bidi overrides show as visible escapes, and a user name typed at
 * sign-in reaches the log neutralised.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ConsoleDisplayTest {
    private static final String PASSWORD = "kim's console password";
    private Station south;
    private Station north;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        south = TestStations.start(TestStations.init(temp.resolve("south"), "Blue House"));
        north = TestStations.start(TestStations.init(temp.resolve("north"), "State Affairs Commission"));
        TestStations.pair(south, north, "liaison");
        south.users().add("kim", Role.OPERATOR, PASSWORD.toCharArray());
        north.lines().send("liaison", new Message("stand down\u001b[2J\u0000\u202eyaw rehto\u2066", Priority.ROUTINE, "en"));
        north.lines().suspend("liaison", false, "maintenance\u001b]0;owned\u0007\u202e");
        await().atMost(Duration.ofSeconds(20)).until(() -> TestStations.summary(south, "liaison").suspendedBy().isPresent());
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
    void aPeersMessageAndCutReasonAreRenderedAsVisibleEscapes() throws Exception {
        try (HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build()) {
            assertThat(signIn(browser, "kim", PASSWORD).statusCode()).isEqualTo(303);
            for (String page : new String[] {"/console/lines/liaison", "/console/"}) {
                HttpResponse<String> html = browser.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + page)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(html.statusCode()).as(page).isEqualTo(200);
                assertThat(html.body()).as(page).doesNotContainPattern("[\u0000\u001b\u0007\u202e\u2066]");
                if (page.endsWith("liaison")) {
                    assertThat(html.body()).contains("stand down\\u001b[2J\\u0000\\u202eyaw rehto\\u2066")
                            .contains("maintenance\\u001b]0;owned\\u0007\\u202e");
                }
            }
        }
    }

    @Test
    void aSignInUserNameWithANewlineAndEscIsLoggedNeutralised() throws Exception {
        String forged = "mallory\n12:00:00.000 INFO  Console - console: admin signed in as principal\u001b[2K";
        // The demo's CLI tests, in the same JVM, turn station logs down to errors; this warning must be seen.
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Console.class);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        try (CapturedLog log = new CapturedLog(Console.class);
                HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build()) {
            assertThat(signIn(browser, forged, "wrong").headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).contains("failed"));
            await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains("failed sign-in"));
            assertThat(log.text()).contains("failed sign-in for user mallory\\u000a12:00:00.000 INFO  Console - console: admin signed in"
                    + " as principal\\u001b[2K").doesNotContain("\u001b").hasLineCount(1);
        } finally {
            logger.setLevel(level);
        }
    }

    @Test
    void whatWaitsForTheRestoreIsShownOnTheLinePage() throws Exception {
        // North has cut the line (set up above): what South writes now waits as a draft.
        assertThat(south.lines().submit("liaison", new Message("Kept for the restore.", Priority.URGENT, "en"), java.util.Optional.empty()))
                .isInstanceOf(org.hotline.transcript.Submitted.Waiting.class);
        try (HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build()) {
            assertThat(signIn(browser, "kim", PASSWORD).statusCode()).isEqualTo(303);
            HttpResponse<String> html = browser.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/console/lines/liaison"))
                    .header("Accept-Language", "en").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(html.body()).contains("Kept for the restore.").contains("waiting for the restore: not yet signed nor sent");
        }
    }

    private HttpResponse<String> signIn(HttpClient browser, String user, String password) throws Exception {
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/console/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        String body = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
