package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hotline.crypto.Passwords;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.protocol.PrincipalKey;
import org.hotline.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "principal", mixinStandardHelpOptions = true,
        description = "A principal's own keys: Ed25519 to sign letters, X25519 to receive sealed ones.",
        subcommands = {PrincipalCommand.Init.class, PrincipalCommand.Rotate.class, PrincipalCommand.Show.class})
final class PrincipalCommand {

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Make a principal's keys, lock the private halves under a passphrase (asked twice), and announce the public",
                "halves on every line. The keys are made here, in this process; the station only ever holds them locked."})
    static final class Init implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(paramLabel = "NAME", description = "A user with the role principal.")
        String name;

        @Option(names = "--passphrase-stdin", description = "Read the passphrase from the first line of standard input.")
        boolean passphraseStdin;

        @Override
        public Integer call() throws CliException {
            ApiClient api = station.client().actingAs(name);
            char[] passphrase = PasswordInput.read(passphraseStdin, "passphrase for " + name + "'s keys", true, PasswordInput.PASSPHRASE_STDIN);
            try {
                String weakness = Passwords.weakness(passphrase);
                if (weakness != null) {
                    throw new CliException(weakness.replace("password", "passphrase"));
                }
                SecureRandom random = new SecureRandom();
                PrincipalSecrets secrets = PrincipalSecrets.generate(random);
                byte[] locked = secrets.lock(name, passphrase, Passwords.STANDARD, random);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("signing", secrets.signingPublic().base64());
                body.put("sealing", secrets.sealingPublic().base64());
                body.put("locked", Base64.getEncoder().encodeToString(locked));
                printAnnounced(api.post("api/v1/principals/" + PathSegments.encode(name) + "/keys", body));
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Replace a principal's keys: the current passphrase unlocks the old signing key, which signs the new keys;",
                "the rotation is announced on every line. Letters signed with the old key after this are refused."})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(paramLabel = "NAME", description = "The principal.")
        String name;

        @Option(names = "--passphrase-stdin", description = "Read the current passphrase, then the new one, one line each, from standard input.")
        boolean passphraseStdin;

        @Override
        public Integer call() throws CliException {
            ApiClient api = station.client().actingAs(name);
            PrincipalSecrets previous;
            try {
                previous = LockedKeys.unlock(api, name, Optional.empty(), passphraseStdin, "current passphrase");
            } catch (CliException e) {
                throw new CliException(e.getMessage() + "; nothing was changed");
            }
            char[] passphrase = PasswordInput.read(passphraseStdin, "new passphrase for " + name + "'s keys", true, PasswordInput.PASSPHRASE_STDIN);
            try {
                String weakness = Passwords.weakness(passphrase);
                if (weakness != null) {
                    throw new CliException(weakness.replace("password", "passphrase"));
                }
                SecureRandom random = new SecureRandom();
                PrincipalSecrets next = PrincipalSecrets.generate(random);
                PrincipalKey rotation = PrincipalKey.rotate(name, previous.signing(), next.signingPublic(), next.sealingPublic());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("signing", next.signingPublic().base64());
                body.put("sealing", next.sealingPublic().base64());
                body.put("locked", Base64.getEncoder().encodeToString(next.lock(name, passphrase, Passwords.STANDARD, random)));
                body.put("previous", rotation.rotation().orElseThrow().previous().base64());
                body.put("rotation", rotation.rotation().orElseThrow().signature().base64());
                System.out.println("Old fingerprint: " + PrincipalKey.fingerprint(previous.signingPublic(), previous.sealingPublic()));
                printAnnounced(api.post("api/v1/principals/" + PathSegments.encode(name) + "/keys", body));
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Our principals' keys with their fingerprints, or with --line the other side's, as its transcript declares them.")
    static final class Show implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Option(names = "--line", paramLabel = "LINE", description = "Show the other side's principals on this line.")
        String line;

        @Mixin
        JsonOption output;

        @Override
        public Integer call() throws CliException {
            ApiClient api = station.client();
            JsonNode answer = api.get(line == null ? "api/v1/principals" : "api/v1/lines/" + PathSegments.encode(line) + "/principals");
            if (output.printed(answer)) {
                return 0;
            }
            if (line == null) {
                JsonNode ours = answer.path("principals");
                if (ours.isEmpty()) {
                    System.out.println("No principal has keys yet: hotline principal init NAME");
                }
                for (JsonNode key : ours) {
                    System.out.println(Formats.show(key.path("name")) + "  generation " + key.path("generation").asInt() + "  fingerprint "
                            + Formats.show(key.path("fingerprint")) + "  since " + Formats.show(key.path("since")));
                }
                return 0;
            }
            JsonNode theirs = answer;
            if (theirs.path("principals").isEmpty()) {
                System.out.println("The other side has announced no principal on " + Formats.show(theirs.path("line")) + ".");
            }
            for (JsonNode key : theirs.path("principals")) {
                System.out.println(Formats.show(key.path("name")) + "  generation " + key.path("generation").asInt() + "  fingerprint "
                        + Formats.show(key.path("fingerprint")) + "  announced at #" + key.path("announcedAt").asLong()
                        + (key.path("retiredAt").isEmpty() ? "" : "  (earlier keys rotated out at " + Printable.line(key.path("retiredAt").toString()) + ")"));
            }
            for (JsonNode refused : theirs.path("refused")) {
                System.out.println("REFUSED #" + refused.path("seq").asLong() + " " + Formats.show(refused.path("name")) + ": "
                        + Formats.show(refused.path("reason")));
            }
            return 0;
        }
    }

    private static void printAnnounced(JsonNode announced) {
        System.out.println(Formats.show(announced.path("name")) + ": keys generation " + announced.path("generation").asInt()
                + ", fingerprint " + Formats.show(announced.path("fingerprint")));
        System.out.println("Announced on: " + join(announced.path("written")) + (announced.path("waiting").isEmpty() ? ""
                : "; waiting for a restore on: " + join(announced.path("waiting"))));
        System.out.println("Read the fingerprint to the other side out of band; they see it with: hotline principal show --line LINE");
    }

    private static String join(JsonNode names) {
        StringBuilder out = new StringBuilder();
        names.forEach(name -> out.append(out.isEmpty() ? "" : ", ").append(name.asText()));
        return out.isEmpty() ? "(no lines yet; it is announced on each line as it opens)" : out.toString();
    }
}
