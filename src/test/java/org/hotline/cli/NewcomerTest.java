package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hotline.cli.CliRunner.typing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.config.StationConfig;
import org.hotline.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user tripped over, each through the real command line (issue 15). */
class NewcomerTest {
    @TempDir
    Path temp;

    @Test
    void restoreAcceptTakesItsLineAndHasHelp() throws Exception {
        CliRunner.Run help = typing("", "restore", "accept", "--help");
        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: hotline restore accept");
        CliRunner.Run noLine = typing("", "restore", "--data", temp.toString());
        assertThat(noLine.exit()).as(noLine.toString()).isNotZero();
        assertThat(noLine.err()).contains("hotline restore accept LINE");

        Path southDir = temp.resolve("south");
        Path northDir = temp.resolve("north");
        DemoStations.init(southDir, "Blue House");
        DemoStations.init(northDir, "State Affairs Commission");
        try (Station south = Station.start(DemoStations.config(southDir), Clock.systemUTC());
                Station north = Station.start(DemoStations.config(northDir), Clock.systemUTC())) {
            CliRunner.Run invite = CliRunner.at(south, "", "line", "invite", "liaison");
            Matcher code = Pattern.compile("(hotline-invitation:\\S+)").matcher(invite.out());
            assertThat(code.find()).as(invite.toString()).isTrue();
            assertThat(CliRunner.at(north, "", "line", "accept", code.group(1), "-y").exit()).isZero();

            assertThat(CliRunner.at(north, "", "suspend", "liaison", "--reason", "drills").exit()).isZero();
            // Written during the cut: said to wait, and listed by read as waiting, not lost from view.
            CliRunner.Run held = CliRunner.at(north, "", "send", "liaison", "Held", "for", "the", "restore.");
            assertThat(held.out()).as(held.toString()).contains("Line liaison is cut: your message waits here").doesNotContain("Sent on");
            CliRunner.Run waiting = CliRunner.at(north, "", "read", "liaison");
            assertThat(waiting.out()).as(waiting.toString()).contains("Waiting for the line to be restored (1 draft,")
                    .contains("draft 1  written ").contains("Held for the restore.");
                        assertThat(CliRunner.at(north, "", "restore", "liaison").exit()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> south.lines().summary(south.store().lineByName("liaison").orElseThrow())
                    .state().equals("restore-proposed"));
            // The columns of `lines` stay in line whatever the state's length.
            List<String> table = CliRunner.at(north, "", "lines").out().lines().toList();
            assertThat(table.get(1)).as(String.join("\n", table)).contains("restore-proposed");
            assertThat(table.get(1).substring(table.get(0).indexOf("LINK"))).matches("(up|DOWN) .*");
            CliRunner.Run accept = CliRunner.at(south, "", "restore", "accept", "liaison");
            assertThat(accept.exit()).as(accept.toString()).isZero();
            assertThat(accept.out()).contains("Line liaison is open");

            // Every listing speaks JSON for scripts.
            JsonNode history = Json.MAPPER.readTree(CliRunner.at(south, "", "history", "liaison", "--json").out());
            assertThat(history.path("items").findValuesAsText("text")).anySatisfy(text -> assertThat(text).contains("restore"));
            assertThat(Json.MAPPER.readTree(CliRunner.at(south, "", "principal", "show", "--json").out()).has("principals")).isTrue();
            assertThat(Json.MAPPER.readTree(CliRunner.at(south, "", "lines", "--json").out()).isArray()).isTrue();

                        // The rest of this family: counts read right, and a bad -n is said, not silently empty.
            Path bundle = temp.resolve("liaison.bundle");
            CliRunner.Run export = CliRunner.at(south, "", "export", "liaison", "--to", bundle.toString());
            assertThat(export.out()).as(export.toString()).containsPattern(", (1 receipt|\\d+ receipts), to ");
            CliRunner.Run verify = typing("", "verify", bundle.toString());
            assertThat(verify.out()).as(verify.toString()).containsPattern("VALID: line \\S+, \\d+ entries, 1 receipt\n");
            CliRunner.Run negative = CliRunner.at(south, "", "read", "liaison", "-n", "-5");
            assertThat(negative.exit()).isNotZero();
            assertThat(negative.err()).contains("-n takes how many of the newest entries");

            // The console's sign-in page says which station it is.
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/console/login"))
                    .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.body()).contains("Station Blue House, id").contains(south.identity().id().display());

            // The event stream says what to send instead of answering an empty 200.
            HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(south.apiUrl() + "/api/v1/events"))
                    .header("Authorization", "Bearer " + StationFiles.readCliToken(southDir)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(406);
            assertThat(plain.body()).contains("NOT_ACCEPTABLE").contains("Accept: text/event-stream");
        }
    }

    @Test
    void withoutATerminalEachSecretNamesItsOwnStdinOption() {
        // Tests have no terminal (System.console() is null), as in a pipeline or under systemd.
        assertThat(System.console()).isNull();
        assertThatThrownBy(() -> PasswordInput.read(false, "passphrase for moon's keys", false, PasswordInput.PASSPHRASE_STDIN))
                .hasMessageContaining("pipe it in with --passphrase-stdin");
        assertThatThrownBy(() -> PasswordInput.read(false, "password for kim", true, PasswordInput.PASSWORD_STDIN))
                .hasMessageContaining("pipe it in with --password-stdin");
        CliRunner.Run user = typing("", "user", "add", "kim", "--role", "operator", "--data", temp.resolve("none").toString());
        assertThat(user.exit()).as(user.toString()).isNotZero();
    }

    @Test
    void aStationListeningEverywhereWithoutAnAdvertisedAddressIsWarned() throws Exception {
        Path everywhere = temp.resolve("everywhere");
        assertThat(typing("", "init", "--data", everywhere.toString(), "--name", "Blue House").exit()).isZero();
        assertThat(StationConfig.load(everywhere).advertiseWarning()).hasValueSatisfying(warning -> assertThat(warning)
                .contains("0.0.0.0:7443").contains("127.0.0.1:7443").contains("federation.advertise="));
        Path advertised = temp.resolve("advertised");
        assertThat(typing("", "init", "--data", advertised.toString(), "--name", "Blue House", "--advertise", "blue.example.org:7443")
                .exit()).isZero();
        assertThat(StationConfig.load(advertised).advertiseWarning()).isEmpty();
        Path loopback = temp.resolve("loopback");
        assertThat(typing("", "init", "--data", loopback.toString(), "--name", "Blue House", "--federation-listen", "127.0.0.1:7443")
                .exit()).isZero();
        assertThat(StationConfig.load(loopback).advertiseWarning()).isEmpty();
    }

    @Test
    void serveOffersOnlyTheOptionsItUses() {
        CliRunner.Run help = typing("", "serve", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--data").doesNotContain("--api").doesNotContain("--token");
    }

    @Test
    void initAndEveryCommandFindTheFolderInHotlineDataOrInTheShellsHome() throws Exception {
        Path fromVariable = temp.resolve("from-variable");
        Process init = hotline(List.of("init", "--name", "Blue House"), "HOTLINE_DATA", fromVariable.toString());
        assertThat(output(init)).contains("created in " + fromVariable.toAbsolutePath()).doesNotContain("--data");
        assertThat(fromVariable.resolve("identity.key")).exists();

        Path home = Files.createDirectories(temp.resolve("home"));
        Process atHome = hotline(List.of("init", "--name", "State Affairs Commission"), "HOME", home.toString());
        assertThat(output(atHome)).contains("created in " + home.resolve(".hotline"));
        Process id = hotline(List.of("id"), "HOME", home.toString());
        assertThat(output(id).strip()).matches("([A-Z2-7]{4}-){12}[A-Z2-7]{4}");
    }

    private static Process hotline(List<String> args, String variable, String value) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.hotline.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("HOTLINE_DATA");
        builder.environment().put(variable, value);
        return builder.start();
    }

    private static String output(Process process) throws Exception {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
