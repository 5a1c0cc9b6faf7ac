package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.cli.CliRunner;
import org.hotline.protocol.Body;
import org.hotline.protocol.Call;
import org.hotline.protocol.CallKind;
import org.hotline.protocol.Entry;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;
import org.hotline.protocol.Suspend;
import org.hotline.store.JdbcStore;
import org.hotline.store.Role;
import org.hotline.store.StoredEntry;
import org.hotline.store.WriteBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every renderer shows every instant a peer can sign. The federation edge now refuses such dates
 * (BAD_TIME), but entries stored before it did stay for ever: here they are put into A's store as
 * an older station would have stored them — messages at the first instant Java holds and in the
 * year 0, a watch-test call at +999999999-12-31T23:59:59.999Z, an announced cut at the last
 * instant Java holds — and the console pages, the API, the CLI's read/lines/history, the export
 * and verify must each answer, in zones with odd and extreme offsets, showing the dates marked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ExtremeTimesTest {
    private static final String LINE = "liaison";
    private static final String MARK = "outside the calendar";
    private static final String PASSWORD = "correct horse battery";

    private Station a;
    private Path aDir;
    private Path temp;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void storeExtremesAsAnOlderStationWould(@TempDir Path temp) throws Exception {
        this.temp = temp;
        aDir = TestStations.init(temp.resolve("a"), "Blue House");
        Path bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        LineId line;
        StationId aId;
        StationId bId;
        try (Station first = TestStations.start(aDir); Station b = TestStations.start(bDir)) {
            TestStations.pair(first, b, LINE);
            b.lines().send(LINE, new Message("an ordinary day", Priority.ROUTINE, "en"));
            first.lines().send(LINE, new Message("and ours", Priority.ROUTINE, "en"));
            TestStations.awaitQuiet(first, LINE, b, LINE, Duration.ofSeconds(20));
            line = TestStations.line(first, LINE).id();
            aId = first.identity().id();
            bId = b.identity().id();
        }
        SigningKey bKey = TestStations.key(bDir);
        try (JdbcStore store = JdbcStore.open(TestStations.config(aDir).storeUrl())) {
            List<StoredEntry> bChain = store.chain(line, bId, 0, 1000);
            List<StoredEntry> aChain = store.chain(line, aId, 0, 1000);
            Head bHead = bChain.getLast().signed().head();
            Head seen = aChain.getLast().signed().head();
            long position = store.lastPosition(line);
            WriteBatch batch = new WriteBatch();
            List<Object[]> extremes = List.of(
                    new Object[] {Instant.MIN, new Message("from the first instant", Priority.ROUTINE, "en")},
                    new Object[] {Instant.parse("0000-12-31T23:00:00Z"), new Message("from the year 0", Priority.ROUTINE, "en")},
                    new Object[] {Instant.parse("+999999999-12-31T23:59:59.999Z"),
                            new Call(CallKind.WATCH_TEST, Instant.parse("+999999999-12-31T23:59:59.999Z"), Duration.ofMinutes(5))},
                    new Object[] {Instant.MAX, new Suspend(true, "until the end of time")});
            for (Object[] extreme : extremes) {
                Entry entry = new Entry(Entry.VERSION, line, bId, bHead.seq() + 1, bHead.hash(), seen, (Instant) extreme[0],
                        (Body) extreme[1]);
                SignedEntry signed = SignedEntry.sign(entry, bKey);
                batch.add(new StoredEntry(signed, ++position, Instant.now()));
                bHead = signed.head();
            }
            store.commit(batch);
        }
        a = TestStations.start(aDir);
        a.users().add("moon", Role.PRINCIPAL, PASSWORD.toCharArray());
    }

    @AfterAll
    void stop() {
        http.close();
        if (a != null) {
            a.close();
        }
    }

    @ParameterizedTest(name = "console in {0}")
    @ValueSource(strings = {"UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu", "Australia/Lord_Howe",
            "America/St_Johns", "Etc/GMT-14", "Etc/GMT+12"})
    void everyConsolePageAnswersInEveryZone(String zone) throws Exception {
        String cookies = signIn() + "; hotline_tz=" + java.net.URLEncoder.encode(zone, StandardCharsets.UTF_8);
        for (String page : List.of("/console/", "/console/board-rows", "/console/ringing", "/console/lines/" + LINE,
                "/console/lines/" + LINE + "/rows", "/console/lines/" + LINE + "/letters", "/console/lines/" + LINE + "/restore",
                "/console/statements")) {
            HttpResponse<String> response = get(page, cookies);
            assertThat(response.statusCode()).as(zone + " " + page).isEqualTo(200);
        }
        String linePage = get("/console/lines/" + LINE, cookies).body();
        assertThat(linePage).as("the line page shows each extreme date, marked")
                .contains("-1000000000-01-01T00:00:00Z (" + MARK + ")")
                .contains("0000-12-31T23:00:00Z (" + MARK + ")")
                .contains("+999999999-12-31T23:59:59.999Z (" + MARK + ")")
                .contains("an ordinary day");
        assertThat(get("/console/", cookies).body()).as("the board shows the cut's date, marked").contains(MARK);
    }

    @ParameterizedTest(name = "CLI in {0}")
    @ValueSource(strings = {"UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu", "America/St_Johns"})
    void theCliReadsListsAndShowsHistoryInEveryZone(String zone) {
        TimeZone before = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
            CliRunner.Run read = CliRunner.at(a, "", "read", LINE);
            assertThat(read.exit()).as(read.toString()).isZero();
            assertThat(read.out()).contains("+999999999-12-31T23:59:59.999Z (" + MARK + ")").contains("an ordinary day");
            CliRunner.Run lines = CliRunner.at(a, "", "lines");
            assertThat(lines.exit()).as(lines.toString()).isZero();
            CliRunner.Run history = CliRunner.at(a, "", "history", LINE);
            assertThat(history.exit()).as(history.toString()).isZero();
            assertThat(history.out()).contains(MARK);
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @ParameterizedTest(name = "API {0}")
    @ValueSource(strings = {"/api/v1/lines", "/api/v1/lines/" + LINE, "/api/v1/lines/" + LINE + "/transcript",
            "/api/v1/lines/" + LINE + "/history", "/api/v1/lines/" + LINE + "/export", "/api/v1/ringing", "/feed.atom", "/feed.json"})
    void theApiAndFeedsAnswer(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(a.apiUrl() + path))
                .header("Authorization", "Bearer " + StationFiles.readCliToken(aDir)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    }

    @org.junit.jupiter.api.Test
    void theExportVerifiesAndSaysSo() {
        Path bundle = temp.resolve("liaison.bundle.json");
        CliRunner.Run export = CliRunner.at(a, "", "export", LINE, "--to", bundle.toString());
        assertThat(export.exit()).as(export.toString()).isZero();
        CliRunner.Run verify = CliRunner.typing("", "verify", bundle.toString());
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).startsWith("VALID");
    }

    /** Signs in to the console as a principal; the session cookie. */
    private String signIn() throws Exception {
        HttpResponse<String> form = get("/console/login", null);
        String loginCookie = form.headers().allValues("Set-Cookie").stream().map(c -> c.split(";")[0]).findFirst().orElseThrow();
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as("the login form carries its token").isTrue();
        String body = "csrf=" + csrf.group(1) + "&user=moon&password=" + java.net.URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(a.apiUrl() + "/console/login"))
                .header("Cookie", loginCookie).header("Origin", a.apiUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        List<String> cookies = new ArrayList<>();
        for (String cookie : signedIn.headers().allValues("Set-Cookie")) {
            if (cookie.startsWith("hotline_console=")) {
                cookies.add(cookie.split(";")[0]);
            }
        }
        assertThat(cookies).as("a session cookie").hasSize(1);
        return cookies.getFirst();
    }

    private HttpResponse<String> get(String path, String cookies) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(a.apiUrl() + path)).GET();
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
