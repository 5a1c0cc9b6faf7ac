package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.config.Address;
import org.hotline.config.ConfigException;
import org.hotline.config.StationConfig;
import org.hotline.delivery.Wire;
import org.hotline.it.TestStations;
import org.hotline.line.InvitationCode;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.StationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a peer chose never reaches the operator's terminal raw: its name, its messages, its reasons.
 * The real CLI against real stations (and, for the name in hello, an impostor inviter).
 */
@Timeout(120)
class HostilePeerDisplayTest {
    /** A name built to hide the real id behind a fake "station id" line, concealed text and a bidi override. */
    private static final String SPOOF = "Blue House\n  station id  AAAA-BBBB-CCCC-DDDD\u001b[8m\u202e";
    private static final String RAW = "[\u0000\u001b\u202e\u2066\u200e\r\u000b\u0085]";

    @TempDir
    Path temp;

    @Test
    void initRefusesANameThatCouldSpoofAndWritesNothing() {
        Path dir = temp.resolve("spoof");
        CliRunner.Run init = CliRunner.typing("", "init", "--data", dir.toString(), "--name", SPOOF);
        assertThat(init.exit()).as(init.toString()).isEqualTo(1);
        assertThat(init.err()).contains("station name").contains("\\u000a").contains("\\u001b[8m").contains("\\u202e")
                .doesNotContainPattern(RAW);
        assertThat(init.err().strip().lines()).hasSize(1);
        assertThat(dir.resolve("hotline.conf")).doesNotExist();
        assertThat(dir.resolve("identity.key")).doesNotExist();
    }

    @Test
    void aConfigurationWithABidiOverrideInTheNameIsRefused() throws Exception {
        Path dir = TestStations.init(temp.resolve("conf"), "Blue House");
        Path conf = StationConfig.file(dir);
        Files.writeString(conf, Files.readString(conf).replace("station.name=Blue House", "station.name=Blue\\u202eesuoH"));
        assertThatThrownBy(() -> StationConfig.load(dir, java.util.Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("station.name")
                .hasMessageContaining("Blue\\u202eesuoH");
        CliRunner.Run check = CliRunner.typing("", "config", "check", "--data", dir.toString());
        assertThat(check.exit()).as(check.toString()).isNotZero();
        assertThat(check.err() + check.out()).contains("station.name").doesNotContainPattern(RAW);
    }

    /**
     * Someone swapped the invitation: it pins the impostor's id, and the impostor's hello gives a
     * name that would draw a fake "station id" line and conceal the rest. The acceptor refuses the
     * name; what it prints names the real (impostor's) id first and shows the name neutralised.
     */
    @Test
    void aPeerNameThatFakesAStationIdLineIsRefusedAndShownNeutralisedAfterTheRealId() throws Exception {
        Path evilDir = TestStations.init(temp.resolve("evil"), "Evil");
        StationId evilId = TestStations.key(evilDir).verifyingKey().stationId();
        HttpsServer impostor = TestStations.impostorServer(evilDir, id -> true, 0, 4);
        impostor.createContext("/federation/v1/hello", exchange -> {
            try (exchange) {
                byte[] answer = Wire.JSON.writeValueAsBytes(new Wire.Hello(evilId.value(), SPOOF));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        impostor.start();
        try (Station acceptor = TestStations.start(TestStations.init(temp.resolve("north"), "State Affairs Commission"))) {
            String invitation = new InvitationCode(evilId, "Blue House", new Address("127.0.0.1", impostor.getAddress().getPort()),
                    LineId.random(new SecureRandom()), "liaison", "secret", Instant.now().plus(Duration.ofHours(1))).encode();
            CliRunner.Run accept = CliRunner.at(acceptor, "y\n", "line", "accept", invitation);
            assertThat(accept.exit()).as(accept.toString()).isEqualTo(1);
            String shown = accept.out() + accept.err();
            assertThat(shown).doesNotContainPattern(RAW).doesNotContain("\n  station id  AAAA");
            assertThat(shown).contains("\\u000a  station id  AAAA-BBBB-CCCC-DDDD\\u001b[8m\\u202e");
            assertThat(shown.indexOf(evilId.display())).as("the proven id comes first").isNotNegative()
                    .isLessThan(shown.indexOf("AAAA-BBBB"));
            assertThat(acceptor.store().lines()).as("no line opened").isEmpty();
        } finally {
            impostor.stop(0);
        }
    }

    /** An honest pairing through the CLI: the proven id is printed before the name, and the name is marked as a claim. */
    @Test
    void thePairingPromptShowsTheIdBeforeTheNameThePeerClaims() throws Exception {
        try (Station south = TestStations.start(TestStations.init(temp.resolve("south"), "Blue House"));
                Station north = TestStations.start(TestStations.init(temp.resolve("north"), "State Affairs Commission"))) {
            CliRunner.Run invite = CliRunner.at(south, "", "line", "invite", "liaison");
            Matcher code = Pattern.compile("(hotline-invitation:\\S+)").matcher(invite.out());
            assertThat(code.find()).as(invite.toString()).isTrue();
            CliRunner.Run declined = CliRunner.at(north, "n\n", "line", "accept", code.group(1));
            assertThat(declined.exit()).as(declined.toString()).isEqualTo(3);
            String out = declined.out();
            int id = out.indexOf("station id  " + south.identity().id().display());
            int name = out.indexOf("name        \"Blue House\"");
            assertThat(id).as(out).isNotNegative();
            assertThat(name).as(out).isGreaterThan(id);
            assertThat(out.substring(id, name)).contains("claim");
        }
    }

    /**
     * The peer's messages and cut reason hold ESC, NUL, CR and bidi overrides, and a line that
     * imitates an entry header: read, lines and history show them as visible escapes, and the
     * text's second line stays indented under its entry.
     */
    @Test
    void aPeersMessageAndCutReasonAreShownNeutralisedInReadLinesAndHistory() throws Exception {
        try (Station south = TestStations.start(TestStations.init(temp.resolve("south"), "Blue House"));
                Station north = TestStations.start(TestStations.init(temp.resolve("north"), "State Affairs Commission"))) {
            TestStations.pair(south, north, "liaison");
            north.lines().send("liaison", new Message("all clear\u001b[2J\u0000\u202eterces\r\n[99] 2020-06-09 09:00:00 KST  forged #1  delivered",
                    Priority.ROUTINE, "en"));
            north.lines().suspend("liaison", false, "maintenance\u001b]0;owned\u0007\u202e");
            await().atMost(Duration.ofSeconds(20)).until(() -> TestStations.summary(south, "liaison").suspendedBy().isPresent());

            CliRunner.Run read = CliRunner.at(south, "", "read", "liaison");
            assertThat(read.exit()).as(read.toString()).isZero();
            assertThat(read.out()).doesNotContainPattern(RAW)
                    .contains("all clear\\u001b[2J\\u0000\\u202eterces\\u000d")
                    .contains("\n      [99] 2020-06-09")
                    .doesNotContain("\n[99]");

            CliRunner.Run json = CliRunner.at(south, "", "read", "liaison", "--json");
            assertThat(json.exit()).as(json.toString()).isZero();
            assertThat(json.out()).doesNotContainPattern(RAW).contains("\\u202eterces");

            CliRunner.Run lines = CliRunner.at(south, "", "lines");
            assertThat(lines.exit()).as(lines.toString()).isZero();
            assertThat(lines.out()).doesNotContainPattern(RAW).contains("maintenance\\u001b]0;owned\\u0007\\u202e");

            CliRunner.Run history = CliRunner.at(south, "", "history", "liaison");
            assertThat(history.exit()).as(history.toString()).isZero();
            assertThat(history.out()).doesNotContainPattern(RAW).contains("maintenance\\u001b]0;owned\\u0007\\u202e");
        }
    }
}
