package org.hotline.cli;

import static org.hotline.cli.CliRunner.typing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hotline command as a person uses it, against real stations. */
class CliTest {
    @TempDir
    Path temp;

    private static CliRunner.Run run(String... args) {
        return typing("", args);
    }

    @Test
    void initMakesAStationWithPrivateKeyAndRefusesToTouchItAgain() throws Exception {
        Path dir = temp.resolve("station");
        CliRunner.Run init = run("init", "--data", dir.toString(), "--name", "Blue House");
        assertThat(init.exit()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("identity.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cli.token")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(Files.readString(dir.resolve("hotline.conf"))).contains("station.name=Blue House");
        assertThat(Files.readString(dir.resolve("identity.key"))).startsWith("-----BEGIN PRIVATE KEY-----");

        CliRunner.Run id = run("id", "--data", dir.toString());
        assertThat(id.exit()).isZero();
        assertThat(id.out().strip()).matches("([A-Z2-7]{4}-){12}[A-Z2-7]{4}");
        assertThat(init.out()).contains(id.out().strip());

        byte[] keyBefore = Files.readAllBytes(dir.resolve("identity.key"));
        CliRunner.Run again = run("init", "--data", dir.toString(), "--name", "Impostor");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already");
        assertThat(Files.readAllBytes(dir.resolve("identity.key"))).isEqualTo(keyBefore);
        assertThat(Files.readString(dir.resolve("hotline.conf"))).doesNotContain("Impostor");
    }

    @Test
    void initOnAStoreItCannotReachWritesNothingAndCanBeRunAgain() throws Exception {
        Path dir = temp.resolve("station");
        CliRunner.Run unreachable = run("init", "--data", dir.toString(), "--name", "Blue House",
                "--store-url", "jdbc:postgresql://127.0.0.1:1/hotline?user=hotline&password=secret&connectTimeout=2");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot open the store jdbc:postgresql://127.0.0.1:1/hotline").contains("password=***")
                .doesNotContain("secret");
        assertThat(dir.resolve("hotline.conf")).doesNotExist();
        assertThat(dir.resolve("identity.key")).doesNotExist();

        CliRunner.Run unknown = run("init", "--data", dir.toString(), "--name", "Blue House", "--store-url", "jdbc:mysql://127.0.0.1/hotline");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("jdbc:sqlite:").contains("jdbc:postgresql:");

        assertThat(run("init", "--data", dir.toString(), "--name", "Blue House").exit()).isZero();
    }

    @Test
    void aKeyFileReadableByOthersIsRefused() throws Exception {
        Path dir = temp.resolve("station");
        assertThat(run("init", "--data", dir.toString(), "--name", "Blue House").exit()).isZero();
        Files.setPosixFilePermissions(dir.resolve("identity.key"), PosixFilePermissions.fromString("rw-r--r--"));
        CliRunner.Run id = run("id", "--data", dir.toString());
        assertThat(id.exit()).isEqualTo(1);
        assertThat(id.err()).contains("readable by others").contains("chmod 600");
    }

    @Test
    void commandsExplainWhenNoStationRuns() throws Exception {
        Path dir = temp.resolve("station");
        run("init", "--data", dir.toString(), "--name", "Blue House", "--api-listen", "127.0.0.1:1");
        CliRunner.Run lines = run("lines", "--data", dir.toString());
        assertThat(lines.exit()).isEqualTo(1);
        assertThat(lines.err()).contains("not running").contains("hotline serve");

        CliRunner.Run missing = run("lines", "--data", temp.resolve("nothing").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no station at").contains("hotline init");
    }

    @Test
    void everyCommandHasHelpAndThereIsACompletionScript() {
        for (String[] command : new String[][] {
            {"--help"}, {"init", "--help"}, {"id", "--help"}, {"serve", "--help"}, {"line", "invite", "--help"},
            {"line", "accept", "--help"}, {"lines", "--help"}, {"send", "--help"}, {"read", "--help"},
            {"token", "create", "--help"}, {"demo", "--help"}, {"bench", "--help"}, {"completion", "--help"}}) {
            CliRunner.Run help = run(command);
            assertThat(help.exit()).as(String.join(" ", command)).isZero();
            assertThat(help.out()).as(String.join(" ", command)).contains("Usage: hotline");
        }
        CliRunner.Run completion = run("completion");
        assertThat(completion.out()).contains("complete -F").contains("hotline");
    }

    @Test
    void twoOperatorsOpenALineAndTalkFromTheCommandLine() throws Exception {
        Path southDir = temp.resolve("south");
        Path northDir = temp.resolve("north");
        DemoStations.init(southDir, "Blue House");
        DemoStations.init(northDir, "State Affairs Commission");
        try (Station south = Station.start(DemoStations.config(southDir), Clock.systemUTC());
                Station north = Station.start(DemoStations.config(northDir), Clock.systemUTC())) {
            CliRunner.Run invite = run("line", "invite", "liaison", "--data", southDir.toString());
            assertThat(invite.exit()).isZero();
            Matcher code = Pattern.compile("(hotline-invitation:\\S+)").matcher(invite.out());
            assertThat(code.find()).isTrue();

            CliRunner.Run declined = typing("n\n", "line", "accept", code.group(1), "--data", northDir.toString());
            assertThat(declined.exit()).isEqualTo(3);
            assertThat(declined.out()).contains(south.identity().id().display()).contains("Blue House").contains("Not accepted");
            assertThat(north.store().lines()).isEmpty();

            CliRunner.Run accepted = typing("y\n", "line", "accept", code.group(1), "--data", northDir.toString());
            assertThat(accepted.exit()).as(accepted.err()).isZero();
            assertThat(accepted.out()).contains("is open with station " + south.identity().id().display() + " (\"Blue House\")");

            assertThat(run("send", "liaison", "Good", "morning.", "--data", southDir.toString()).exit()).isZero();
            CliRunner.Run fromStdin = typing("연락 확인합니다.\n", "send", "liaison", "--lang", "ko", "--priority", "flash", "--data", northDir.toString());
            assertThat(fromStdin.exit()).as(fromStdin.err()).isZero();
            CliRunner.Run badPriority = run("send", "liaison", "x", "--priority", "panic", "--data", southDir.toString());
            assertThat(badPriority.exit()).isEqualTo(1);
            assertThat(badPriority.err()).contains("unknown priority 'panic'");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                CliRunner.Run read = run("read", "liaison", "--data", southDir.toString());
                assertThat(read.out()).contains("Good morning.").contains("delivered, receipt signed")
                        .contains("연락 확인합니다.").contains("FLASH (ko)").contains("Last agreed checkpoint:");
            });
            CliRunner.Run lines = run("lines", "--data", northDir.toString());
            assertThat(lines.out()).contains("liaison").contains("open").contains("Blue House");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(run("lines", "--data", northDir.toString()).out()).containsPattern("liaison\\s+open\\s+up"));

            CliRunner.Run unknownLine = run("send", "nowhere", "hello", "--data", southDir.toString());
            assertThat(unknownLine.exit()).isEqualTo(1);
            assertThat(unknownLine.err()).contains("no line named 'nowhere'");

            CliRunner.Run token = run("token", "create", "--name", "audit desk", "--role", "auditor", "--data", southDir.toString());
            assertThat(token.exit()).isZero();
            String auditorToken = token.out().strip();
            assertThat(auditorToken).startsWith("hl_");
            CliRunner.Run auditorSend = run("send", "liaison", "x", "--token", auditorToken, "--data", southDir.toString());
            assertThat(auditorSend.exit()).isEqualTo(1);
            assertThat(auditorSend.err()).contains("auditor may only read");
            assertThat(run("read", "liaison", "--token", auditorToken, "--data", southDir.toString()).exit()).isZero();
            assertThat(StationFiles.readCliToken(southDir)).isNotEqualTo(auditorToken);

            // An auditor's copy: exported from the running station, checked offline, and tampering caught.
            Path bundle = temp.resolve("liaison.bundle.json");
            CliRunner.Run export = run("export", "liaison", "--to", bundle.toString(), "--data", southDir.toString());
            assertThat(export.exit()).as(export.err()).isZero();
            CliRunner.Run verify = run("verify", bundle.toString());
            assertThat(verify.exit()).as(verify.out()).isZero();
            assertThat(verify.out()).startsWith("VALID").contains("chain verified to #1")
                    .contains("its own name, signed by it as the exporter");
            String json = Files.readString(bundle);
            // A party renamed in the file: the exporter's signature over the names no longer holds.
            Matcher name = Pattern.compile("\"name\":\"([^\"]+)\"").matcher(json);
            assertThat(name.find()).isTrue();
            Path renamed = temp.resolve("renamed.bundle.json");
            Files.writeString(renamed, json.substring(0, name.start(1)) + "Somebody Else" + json.substring(name.end(1)));
            CliRunner.Run renamedVerify = run("verify", renamed.toString());
            assertThat(renamedVerify.exit()).isEqualTo(1);
            assertThat(renamedVerify.out()).startsWith("INVALID (BAD_SIGNATURE)").contains("names");
            Matcher firstEntry = Pattern.compile("\"bytes\":\"(.)").matcher(json);
            assertThat(firstEntry.find()).isTrue();
            char swapped = firstEntry.group(1).equals("e") ? 'f' : 'e';
            Files.writeString(bundle, json.substring(0, firstEntry.start(1)) + swapped + json.substring(firstEntry.start(1) + 1));
            CliRunner.Run tampered = run("verify", bundle.toString());
            assertThat(tampered.exit()).isEqualTo(1);
            assertThat(tampered.out()).startsWith("INVALID");
        }
    }

    @Test
    void theDemoRunsToTheEndWithEqualDigests() {
        CliRunner.Run demo = run("demo", "--exit", "--pause-ms", "0");
        assertThat(demo.exit()).as(demo.err()).isZero();
        Matcher digests = Pattern.compile("transcript digest\\s+(\\S+)").matcher(demo.out());
        assertThat(digests.find()).isTrue();
        String first = digests.group(1);
        assertThat(digests.find()).isTrue();
        assertThat(digests.group(1)).isEqualTo(first).isNotEqualTo("-");
        assertThat(demo.out()).contains("안녕하십니까").contains("line \"liaison\" is open on both sides").contains("Stations stopped.");
    }

    @Test
    void theKorea2020ScenarioReplaysTheCutAndTheRestore() {
        CliRunner.Run demo = run("demo", "--scenario", "korea-2020");
        assertThat(demo.exit()).as(demo.err()).isZero();
        String out = demo.out();
        // 8 June 2020: the North's station is down over the morning call, which stays unanswered even
        // when it reaches the North late; the afternoon call is answered.
        assertThat(out).contains("2020-06-08 08:55  the North's station goes down")
                .contains("2020-06-08 09:00  the South's call is not answered")
                .contains("2020-06-08 12:00  the North's station is started again")
                .contains("2020-06-08 17:00  the South's call is answered")
                .containsPattern("2020-06-08 09:00\\s+South liaison office: 1 call missed");
        // 9 June: announced on the North's feed in the morning, cut at noon.
        assertThat(out).contains("2020-06-09 06:00  the North announces through state media that it will cut all lines from noon")
                .contains("2020-06-09 12:00  the North cuts the line at noon, as announced")
                .contains("2020-06-09 17:00  the South's call is not answered")
                .containsPattern("Statements on the feed of North liaison office:\\n  2020-06-09 06:00  \"All communication lines with the South"
                        + " to be cut\", signed by kim");
        assertThat(out).contains("2020-06-16 14:49  the inter-Korean liaison office building in Kaesong is demolished");
        // The April 2021 letters wait for the line and are read by their addressees once it is restored.
        assertThat(out).contains("2021-04-20 10:00  moon writes a sealed letter to kim")
                .contains("2021-04-28 10:00  kim writes a sealed letter to moon")
                .contains("kim opens the letter from moon, \"Three years after Panmunjom\"")
                .contains("moon opens the letter from kim, \"On restoring trust\"")
                .contains("2021-04-20 10:00  moon to kim, \"Three years after Panmunjom\"; key valid: moon's key generation 1; read 2021-07-27 10:30")
                .contains("2021-04-28 10:00  kim to moon, \"On restoring trust\"; key valid: kim's key generation 1; read 2021-07-27 10:30");
        // 27 July 2021: restored at 10:00 with a joint statement co-signed by each side's principal, on both feeds.
        assertThat(out).contains("2021-07-27 10:00  after an exchange of personal letters")
                .contains("2021-07-27 10:00  both sides announce it at once: joint statement")
                .contains("2021-07-27 17:00  the South's call is answered");
        Matcher joint = Pattern.compile("2021-07-27 10:00  \"Inter-Korean communication lines restored\", joint statement co-signed by \\S+"
                + " \\(\\w+ liaison office, key generation 1\\) and \\S+ \\(\\w+ liaison office, key generation 1\\) \\(verified\\)").matcher(out);
        assertThat(joint.find()).as(out).isTrue();
        assertThat(joint.find()).as("on both feeds").isTrue();
        // Answered before the cut, unanswered for 413 days, answered again after the restore.
        Matcher missed = Pattern.compile("2020-06-09 17:00 → 2021-07-27 09:00\\s+South liaison office: (\\d+) calls missed").matcher(out);
        assertThat(missed.find()).as(out).isTrue();
        assertThat(Integer.parseInt(missed.group(1))).isBetween(580, 600);
        // The second cut, 10 August to 4 October 2021, and the second restore.
        assertThat(out).contains("2021-08-10 09:00  the South's call is answered")
                .contains("2021-08-10 12:00  the North stops answering again")
                .contains("2021-08-10 17:00  the South's call is not answered")
                .containsPattern("2021-07-27 17:00 → 2021-08-10 09:00\\s+South liaison office: 20 calls answered")
                .containsPattern("2021-08-10 17:00 → 2021-10-01 17:00\\s+South liaison office: 77 calls missed")
                .contains("2021-10-04 09:00  the North proposes to restore the line again")
                .contains("2021-10-04 09:00  the South's call is answered")
                .containsPattern("2021-10-04 09:00 → 2022-04-29 17:00\\s+South liaison office: \\d+ calls answered");
        // April 2022: letters again, delivered at once and read.
        assertThat(out).contains("2022-04-20 10:00  moon to kim, \"A farewell\"; key valid: moon's key generation 1; read 2022-04-20 11:00")
                .contains("2022-04-21 10:00  kim to moon, \"Re: A farewell\"; key valid: kim's key generation 1; read 2022-04-21 11:00");
        // The messages written during the cut waited in the outbox and were delivered after the restore.
        assertThat(out).contains("(waiting in its outbox: 5 entries)").contains("Both outboxes are empty (0 and 0 waiting)");
        Matcher digests = Pattern.compile("checkpoint (\\S+) / (\\S+)\\.").matcher(out);
        assertThat(digests.find()).isTrue();
        assertThat(digests.group(1)).isEqualTo(digests.group(2)).isNotEqualTo("-");
        // Stations are named by their parties, never by id; no log line or alert breaks into the story.
        assertThat(out).doesNotContainPattern("[A-Z2-7]{4}(-[A-Z2-7]{4}){12}").doesNotContainPattern("[A-Z2-7]{52}")
                .doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(ERROR|WARN|INFO)").doesNotContain("ALERT");
        assertThat(demo.err()).doesNotContain("ALERT").doesNotContainPattern("[A-Z2-7]{4}(-[A-Z2-7]{4}){12}");
    }

    @Test
    void usersHaveRolesAndTheirTokensCarryThem() throws Exception {
        Path dir = temp.resolve("station");
        assertThat(run("init", "--data", dir.toString(), "--name", "Blue House").exit()).isZero();

        CliRunner.Run added = typing("a letter to the north\n", "user", "add", "moon", "--role", "principal", "--password-stdin", "--data", dir.toString());
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added moon (principal)");
        assertThat(added.err()).contains("Argon2id (m=64 MiB, t=3, p=1)").doesNotContain("a letter to the north");
        assertThat(typing("on watch all night\n", "user", "add", "watch", "--role", "operator", "--password-stdin", "--data", dir.toString())
                .exit()).isZero();

        CliRunner.Run again = typing("another password\n", "user", "add", "moon", "--role", "auditor", "--password-stdin", "--data", dir.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already a user called moon");
        CliRunner.Run weak = typing("short\n", "user", "add", "ri", "--role", "operator", "--password-stdin", "--data", dir.toString());
        assertThat(weak.exit()).isEqualTo(1);
        assertThat(weak.err()).contains("at least 10 characters");
        CliRunner.Run badRole = typing("long enough password\n", "user", "add", "ri", "--role", "admin", "--password-stdin", "--data", dir.toString());
        assertThat(badRole.exit()).isEqualTo(1);
        assertThat(badRole.err()).contains("use principal, operator or auditor");
        CliRunner.Run badName = typing("long enough password\n", "user", "add", "Kim Jong", "--role", "operator", "--password-stdin", "--data", dir.toString());
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err()).contains("lower-case");
        // Without --password-stdin and without a terminal, it asks for one instead of reading argv or stdin blindly.
        CliRunner.Run noTerminal = typing("long enough password\n", "user", "add", "ri", "--role", "operator", "--data", dir.toString());
        assertThat(noTerminal.exit()).isEqualTo(1);
        assertThat(noTerminal.err()).contains("--password-stdin");

        CliRunner.Run list = run("user", "list", "--data", dir.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).containsPattern("moon\\s+principal").containsPattern("watch\\s+operator").doesNotContain("ri ")
                .doesNotContain("argon2");

        CliRunner.Run token = run("token", "create", "--name", "moon's laptop", "--user", "moon", "--data", dir.toString());
        assertThat(token.exit()).as(token.err()).isZero();
        assertThat(token.err()).contains("principal, user moon").contains("working offline");
        try (var store = org.hotline.store.JdbcStore.open(org.hotline.config.StationConfig.load(dir).storeUrl())) {
            var stored = store.token(org.hotline.crypto.Tokens.hashOf(token.out().strip())).orElseThrow();
            assertThat(stored.role()).isEqualTo(org.hotline.store.Role.PRINCIPAL);
            assertThat(stored.user()).isEqualTo("moon");
            // Capped: no token but the station's own lasts for ever.
            assertThat(stored.expiresAt()).hasValueSatisfying(at -> assertThat(at).isBefore(java.time.Instant.now().plus(
                    java.time.Duration.ofDays(91))));
            // The station's own CLI token is a principal's, held by the built-in user "station", and never expires.
            var cli = store.token(org.hotline.crypto.Tokens.hashOf(StationFiles.readCliToken(dir))).orElseThrow();
            assertThat(cli.role()).isEqualTo(org.hotline.store.Role.PRINCIPAL);
            assertThat(cli.user()).isEqualTo("station");
            assertThat(cli.expiresAt()).isEmpty();
        }
        CliRunner.Run mismatch = run("token", "create", "--name", "x", "--user", "watch", "--role", "principal", "--data", dir.toString());
        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.err()).contains("may not create a principal token for watch");
        CliRunner.Run nobody = run("token", "create", "--name", "x", "--user", "nobody", "--data", dir.toString());
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.err()).contains("no user called nobody");
    }

    @Test
    void configCheckNamesTheBadKey() throws Exception {
        Path dir = temp.resolve("station");
        run("init", "--data", dir.toString(), "--name", "Blue House");
        CliRunner.Run good = run("config", "check", "--data", dir.toString());
        assertThat(good.exit()).as(good.err()).isZero();
        assertThat(good.out()).contains("Configuration of \"Blue House\" is valid.");

        Path conf = dir.resolve("hotline.conf");
        String original = Files.readString(conf);
        Files.writeString(conf, original + "\ndelivery.batchsize=10\n");
        CliRunner.Run unknown = run("config", "check", "--data", dir.toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown key delivery.batchsize");

        Files.writeString(conf, original.replace("delivery.heartbeat-seconds=5", "delivery.heartbeat-seconds=often"));
        CliRunner.Run badValue = run("config", "check", "--data", dir.toString());
        assertThat(badValue.exit()).isEqualTo(1);
        assertThat(badValue.err()).contains("delivery.heartbeat-seconds").contains("'often' is not a whole number");

        Files.writeString(conf, original.replace("api.listen=127.0.0.1:7444", "api.listen=localhost"));
        assertThat(run("config", "check", "--data", dir.toString()).err()).contains("api.listen").contains("is not host:port");
    }
}
