package org.hotline.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hotline.Station;
import org.hotline.it.TestStations;
import org.hotline.line.ScheduleRequest;
import org.hotline.store.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real headless Chromium (Debian's {@code chromium}) against two real stations:
 * sign in, the board, a message from A appearing live on B's page, a ringing call answered with
 * one key, a cut and a restore through their confirmations, Korean. Screenshots of the main pages
 * go to {@code target/console-screenshots/}.
 */
@Timeout(value = 180)
class ConsoleBrowserTest {
    private static final String LINE = "liaison";
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("HOTLINE_CHROMIUM", "/usr/bin/chromium"));
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final LocatorAssertions.ContainsTextOptions SOON = new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

    @TempDir
    Path temp;

    private Station a;
    private Station b;
    private Playwright playwright;
    private Browser browser;
    private static final String PASSWORD = "correct horse battery staple";

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        Path aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        a = TestStations.start(aDir);
        b = TestStations.start(bDir);
        TestStations.pair(a, b, LINE);
        // The station's users: a principal on each side (they cut and restore), an operator and an auditor at A.
        a.users().add("moon", Role.PRINCIPAL, PASSWORD.toCharArray());
        a.users().add("kim", Role.OPERATOR, PASSWORD.toCharArray());
        a.users().add("audit", Role.AUDITOR, PASSWORD.toCharArray());
        b.users().add("ri", Role.PRINCIPAL, PASSWORD.toCharArray());
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--autoplay-policy=no-user-gesture-required")));
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void anOperatorRunsTheLineFromTheConsole() throws Exception {
        try (BrowserContext southContext = browser.newContext(new Browser.NewContextOptions()
                        .setTimezoneId("Asia/Seoul").setLocale("en-GB").setViewportSize(1280, 900));
                BrowserContext northContext = browser.newContext(new Browser.NewContextOptions()
                        .setTimezoneId("Asia/Pyongyang").setLocale("en-GB").setViewportSize(1280, 900))) {
            Page south = southContext.newPage();
            List<String> external = new java.util.ArrayList<>();
            south.onRequest(request -> {
                if (!request.url().startsWith(a.apiUrl())) {
                    external.add(request.url());
                }
            });
            List<String> consoleErrors = new java.util.ArrayList<>();
            south.onConsoleMessage(message -> {
                if (message.type().equals("error")) {
                    consoleErrors.add(message.text());
                }
            });

            // Sign in: a wrong password first.
            south.navigate(a.apiUrl() + "/console/");
            assertThat(south).hasURL(a.apiUrl() + "/console/login");
            signIn(south, "moon", "wrong password, long enough");
            assertThat(south.locator("#login-failed")).isVisible();
            signIn(south, "moon", PASSWORD);

            // The board: the line, its state and health; dates in the reader's zone, named.
            assertThat(south.locator("h1")).hasText("Lines");
            assertThat(south.locator("#board-rows tr[data-line=liaison]")).containsText("open");
            assertThat(south.locator("#board-rows tr[data-line=liaison]")).containsText("State Affairs Commission");
            assertThat(south.locator("#zone")).hasText("Asia/Seoul", new LocatorAssertions.HasTextOptions().setTimeout(10_000));
            shot(south, "board");

            Page north = northContext.newPage();
            north.navigate(b.apiUrl() + "/console/login");
            signIn(north, "ri", PASSWORD);
            north.locator("#board-rows a", new Page.LocatorOptions().setHasText(LINE)).click();
            assertThat(north.locator("h1")).containsText(LINE);

            // A message from the south appears on the north's open page without a reload.
            south.locator("#board-rows a", new Page.LocatorOptions().setHasText(LINE)).click();
            south.locator("#text").fill("The loudspeakers will be switched off at midnight.");
            south.locator("#priority").selectOption("urgent");
            south.locator("#send").click();
            assertThat(south.locator("#notice")).hasText("Sent.");
            assertThat(south.locator("#transcript-rows")).containsText("The loudspeakers will be switched off at midnight.");
            assertThat(north.locator("#transcript-rows")).containsText("The loudspeakers will be switched off at midnight.", SOON);
            assertThat(north.locator("#transcript-rows tr.theirs").first()).containsText("urgent");
            // Delivered, with the signed receipt, as the south sees it.
            assertThat(south.locator("#transcript-rows tr.mine").first()).containsText("delivered", SOON);
            shot(north, "line-live");

            // A watch-test call from the south rings in the north's console: a banner, answered with one key.
            Instant at = Instant.now().plusSeconds(6).atZone(ZoneOffset.UTC).withNano(0).toInstant();
            String cron = at.atZone(ZoneOffset.UTC).getSecond() + " " + at.atZone(ZoneOffset.UTC).getMinute() + " "
                    + at.atZone(ZoneOffset.UTC).getHour() + " * * ?";
            a.lines().schedule(LINE, new ScheduleRequest(null, List.of(cron), "UTC", "us", "watch-test", 120));
            assertThat(north.locator("#ringing .ringing")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            shot(north, "ringing");
            north.locator("body").press("a");
            assertThat(north.locator("#notice")).hasText("Call answered.");
            assertThat(north.locator("#ringing .ringing")).hasCount(0);
            assertThat(south.locator("#transcript-rows tr.type-answer.theirs")).hasCount(1,
                    new LocatorAssertions.HasCountOptions().setTimeout(20_000));

            // Cut, with the consequence stated before anything happens.
            south.locator("#suspend").click();
            assertThat(south.locator("#consequence")).containsText("Nothing will be exchanged with State Affairs Commission");
            shot(south, "confirm-cut");
            assertThat(south.locator("#line-state")).hasCount(0); // only the confirmation so far
            south.locator("#reason").fill("Leaflets sent across the border");
            south.locator("#confirm").click();
            assertThat(south.locator("#line-state")).containsText("suspended");
            north.reload();
            assertThat(north.locator("#line-state")).containsText("suspended");

            // Restore: the south proposes, the north accepts, each through its confirmation.
            south.locator("#restore").click();
            assertThat(south.locator("#consequence")).containsText("proposes it");
            south.locator("#confirm").click();
            assertThat(south.locator("#notice")).containsText("Restore proposed");
            north.reload();
            assertThat(north.locator("#line-state")).containsText("restore proposed");
            north.locator("#restore").click();
            north.locator("#confirm").click();
            assertThat(north.locator("#notice")).hasText("The line is restored.");
            assertThat(north.locator("#line-state")).containsText("open");
            south.reload();
            assertThat(south.locator("#line-state")).containsText("open", SOON);

            // Korean, chosen by the user and kept for the user.
            south.locator("#language").selectOption("ko");
            south.locator("#language-apply").click();
            assertThat(south.locator("#compose-title")).hasText("메시지 보내기");
            south.navigate(a.apiUrl() + "/console/");
            assertThat(south.locator("h1")).hasText("회선");
            shot(south, "board-ko");

            assertThat(external).as("requests to anywhere but the station").isEmpty();
            assertThat(consoleErrors).as("errors in the browser console (CSP violations among them)").isEmpty();
        }
    }

    @Test
    void anAuditorSeesTheLineButNoControlsAndTheKoreanBrowserGetsKorean() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("ko-KR").setTimezoneId("Asia/Seoul"))) {
            Page page = context.newPage();
            page.navigate(a.apiUrl() + "/console/login");
            assertThat(page.locator("h1")).hasText("콘솔 로그인");
            signIn(page, "audit", PASSWORD);
            assertThat(page.locator("h1")).hasText("회선");
            page.locator("#board-rows a", new Page.LocatorOptions().setHasText(LINE)).click();
            assertThat(page.locator("#transcript-title")).isVisible();
            assertThat(page.locator("#send")).hasCount(0);
            assertThat(page.locator("#suspend")).hasCount(0);
            // And the server refuses the form even when it is forged into the page.
            page.navigate(a.apiUrl() + "/console/lines/" + LINE + "/suspend");
            assertThat(page.locator("body")).containsText("이 역할로는 할 수 없습니다.");
        }
        assertThat(TestStations.summary(a, LINE).state()).isEqualTo("open");
    }

    @Test
    void principalsExchangeALetterThatOnlyTheAddresseeOpens() throws Exception {
        // Each principal's keys, made and locked under a passphrase by the CLI, announced on the line.
        assertThat(cli(a, "moon's key passphrase\n", "principal", "init", "moon", "--passphrase-stdin").exit()).isZero();
        assertThat(cli(b, "ri's key passphrase\n", "principal", "init", "ri", "--passphrase-stdin").exit()).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                cli(a, "", "principal", "show", "--line", LINE).out().contains("ri  generation 1"));
        try (BrowserContext southContext = browser.newContext(); BrowserContext northContext = browser.newContext();
                BrowserContext operatorContext = browser.newContext()) {
            Page south = southContext.newPage();
            south.navigate(a.apiUrl() + "/console/login");
            signIn(south, "moon", PASSWORD);
            south.navigate(a.apiUrl() + "/console/lines/" + LINE + "/letters");
            south.locator("#letter-to").selectOption("ri");
            south.locator("#letter-subject").fill("On the joint liaison office");
            south.locator("#letter-private").check();
            south.locator("#letter-text").fill("Let us reopen the office at Kaesong on the first of the month.");
            south.locator("#letter-passphrase").fill("moon's key passphrase");
            south.locator("#letter-send").click();
            assertThat(south.locator("#notice")).hasText("Letter signed, sealed and sent.");
            assertThat(south.locator("#letter-rows")).containsText("(private subject)");
            assertThat(south.locator("#letter-rows")).not().containsText("Kaesong");

            // The other station's operator sees the envelope only, and no way to open it.
            b.users().add("watch", Role.OPERATOR, PASSWORD.toCharArray());
            Page operator = operatorContext.newPage();
            operator.navigate(b.apiUrl() + "/console/login");
            signIn(operator, "watch", PASSWORD);
            operator.navigate(b.apiUrl() + "/console/lines/" + LINE + "/letters");
            assertThat(operator.locator("#letter-rows")).containsText("moon", SOON);
            assertThat(operator.locator("#letter-rows a.open")).hasCount(0);
            assertThat(operator.content()).doesNotContain("Kaesong");

            // The addressee opens it with the passphrase; a wrong one opens nothing.
            Page north = northContext.newPage();
            north.navigate(b.apiUrl() + "/console/login");
            signIn(north, "ri", PASSWORD);
            north.navigate(b.apiUrl() + "/console/lines/" + LINE + "/letters");
            north.locator("#letter-rows a.open").first().click();
            north.locator("#open-passphrase").fill("not the passphrase");
            north.locator("#letter-open").click();
            assertThat(north.locator("#notice")).containsText("wrong passphrase");
            assertThat(north.locator("#letter-text")).hasCount(0);
            north.locator("#open-passphrase").fill("ri's key passphrase");
            north.locator("#letter-open").click();
            assertThat(north.locator("#letter-text")).hasText("Let us reopen the office at Kaesong on the first of the month.");
            assertThat(north.locator("#letter-signature")).containsText("valid: moon's key generation 1");
            shot(north, "letter-opened");
            // Opening it again shows it again, but the transcript gets one read receipt, not two.
            north.navigate(b.apiUrl() + "/console/lines/" + LINE + "/letters");
            north.locator("#letter-rows a.open").first().click();
            north.locator("#open-passphrase").fill("ri's key passphrase");
            north.locator("#letter-open").click();
            assertThat(north.locator("#letter-text")).hasText("Let us reopen the office at Kaesong on the first of the month.");
            assertThat(b.store().entriesOfTypes(TestStations.line(b, LINE).id(), java.util.Set.of("letter-read"))).hasSize(1);
            // The signed read receipt reaches the writer.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
                south.reload();
                return !south.locator("#letter-rows tr.mine td").last().textContent().strip().equals("—");
            });

            // A statement moon publishes is listed with its signatures checked, and the feed needs no login.
            assertThat(cli(a, "moon's key passphrase\nThe liaison office will reopen.\n", "statement", "publish", "--as", "moon",
                    "--title", "On the liaison office", "--passphrase-stdin").exit()).isZero();
            south.locator("#statements-link").click();
            assertThat(south.locator("article.statement h2")).hasText("On the liaison office");
            assertThat(south.locator("article.statement .verdict")).containsText("signatures valid");
            Page reader = operatorContext.newPage();
            reader.navigate(a.apiUrl() + "/feed.atom");
            assertThat(reader.content()).contains("On the liaison office");

            // A joint statement: drafted on the line, co-signed by a principal of each side, shown with both signatures.
            org.hotline.cli.CliRunner.Run drafted = cli(a, "Both sides will keep the liaison lines open.\n", "statement", "draft", LINE,
                    "--title", "Joint statement on the lines");
            assertThat(drafted.exit()).isZero();
            java.util.regex.Matcher hash = java.util.regex.Pattern.compile("hash ([0-9a-f]{64})").matcher(drafted.out());
            assertThat(hash.find()).isTrue();
            assertThat(cli(a, "moon's key passphrase\n", "statement", "cosign", LINE, hash.group(1), "--as", "moon",
                    "--passphrase-stdin").exit()).isZero();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    cli(b, "ri's key passphrase\n", "statement", "cosign", LINE, hash.group(1), "--as", "ri", "--passphrase-stdin").exit() == 0);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
                south.reload();
                return south.locator("article.joint").count() == 1;
            });
            assertThat(south.locator("article.joint h3")).hasText("Joint statement on the lines");
            assertThat(south.locator("article.joint .verdict")).containsText("moon");
            assertThat(south.locator("article.joint .verdict")).containsText("ri");
            shot(south, "statements");
        }
    }

    private static org.hotline.cli.CliRunner.Run cli(Station station, String stdin, String... args) {
        return org.hotline.cli.CliRunner.at(station, stdin, args);
    }

    @Test
    void readableAt200PercentZoomAndUsableByKeyboardAlone() {
        // A 1280x900 screen at 200% zoom lays the page out in 640x450 CSS pixels.
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(640, 450).setDeviceScaleFactor(2).setTimezoneId("Asia/Seoul"))) {
            Page page = context.newPage();
            page.navigate(a.apiUrl() + "/console/login");
            // Keyboard alone: the user field has focus; tab to the password, enter signs in.
            page.keyboard().type("kim");
            page.keyboard().press("Tab");
            page.keyboard().type(PASSWORD);
            page.keyboard().press("Enter");
            assertThat(page.locator("h1")).hasText("Lines");
            assertNoSidewaysScrolling(page);
            shot(page, "board-200-percent");
            // Tab from the top reaches the line's link; Enter opens it.
            page.locator("#board-rows a").first().focus();
            page.keyboard().press("Enter");
            assertThat(page.locator("h1")).containsText(LINE);
            assertNoSidewaysScrolling(page);
            // An operator sends and answers, but cutting the line is a principal's decision.
            assertThat(page.locator("#suspend")).hasCount(0);
            page.locator("#text").focus();
            page.keyboard().type("typed without a mouse");
            page.locator("#send").focus();
            page.keyboard().press("Enter");
            assertThat(page.locator("#transcript-rows")).containsText("typed without a mouse");
            // Every form control has a label.
            Object unlabelled = page.evaluate("() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                    + ".filter(e => !e.labels || e.labels.length === 0).map(e => e.id || e.name)");
            assertThat((List<?>) unlabelled).isEmpty();
        }
    }

    /** Issue 11, finding 3: a principal changes a role and removes a user; both count at the user's next request. */
    @Test
    void aPrincipalChangesARoleAndRemovesAUserAndBothCountAtOnce() throws Exception {
        String kimsToken = a.users().login("kim", PASSWORD.toCharArray()).token();
        try (BrowserContext kimContext = browser.newContext(); BrowserContext moonContext = browser.newContext()) {
            Page kim = kimContext.newPage();
            kim.navigate(a.apiUrl() + "/console/login");
            signIn(kim, "kim", PASSWORD);
            kim.locator("#board-rows a", new Page.LocatorOptions().setHasText(LINE)).click();
            assertThat(kim.locator("#send")).isVisible();
            assertThat(kim.locator("#people-link")).hasCount(0);
            kim.navigate(a.apiUrl() + "/console/people");
            assertThat(kim.locator("body")).containsText("Your role may not do this.");

            Page moon = moonContext.newPage();
            moon.navigate(a.apiUrl() + "/console/login");
            signIn(moon, "moon", PASSWORD);
            moon.locator("#people-link").click();
            assertThat(moon.locator("h1")).hasText("People and tokens");
            assertThat(moon.locator("#tokens")).containsText("login kim");
            var kimsRow = moon.locator("#people tr", new Page.LocatorOptions().setHasText("kim"));
            kimsRow.locator("select[name=role]").selectOption("auditor");
            kimsRow.locator("button", new Locator.LocatorOptions().setHasText("Change role")).click();
            assertThat(moon.locator("#people tr", new Page.LocatorOptions().setHasText("kim"))).containsText("auditor");

            // Kim's open session and token follow at once.
            kim.navigate(a.apiUrl() + "/console/lines/" + LINE);
            assertThat(kim.locator("#transcript-title")).isVisible();
            assertThat(kim.locator("#send")).hasCount(0);

            moon.locator("#people tr", new Page.LocatorOptions().setHasText("kim")).locator("button",
                    new Locator.LocatorOptions().setHasText("Remove")).click();
            assertThat(moon.locator("#people")).not().containsText("kim");
            kim.navigate(a.apiUrl() + "/console/lines/" + LINE);
            assertThat(kim.locator("#sign-in")).isVisible();
        }
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var refused = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.apiUrl() + "/api/v1/lines"))
                    .header("Authorization", "Bearer " + kimsToken).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(refused.statusCode()).isEqualTo(401);
        }
    }

    private static void assertNoSidewaysScrolling(Page page) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow at 200%% zoom on %s", page.url()).isLessThanOrEqualTo(0);
    }

    private static void signIn(Page page, String user, String password) {
        page.locator("#user-name").fill(user);
        page.locator("#password").fill(password);
        page.locator("#sign-in").click();
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
