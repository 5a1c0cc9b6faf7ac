package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hotline.crypto.LetterSeal;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.crypto.SecretFiles;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Letter;
import org.hotline.protocol.LetterRead;
import org.hotline.protocol.LineId;
import org.hotline.protocol.SealingPublicKey;
import org.hotline.protocol.VerifyingKey;
import org.hotline.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "letter", mixinStandardHelpOptions = true,
        description = "Personal letters between principals: signed by the writer, sealed to the reader; stations see only the envelope.",
        subcommands = {LetterCommand.Write.class, LetterCommand.Read.class, LetterCommand.ListLetters.class, LetterCommand.Export.class})
final class LetterCommand {
    /** Exit status of `letter read` when the letter is refused: it does not open, its signature fails, or its key was not valid. */
    static final int REJECTED = 4;

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = {"Write a letter to a principal of the other side. The text comes from standard input, or from $EDITOR at a terminal.",
                "It is signed with your key and sealed (HPKE) to the reader's key here, in this process; the station carries it sealed."})
    static final class Write implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(index = "0", paramLabel = "LINE")
        String line;

        @Option(names = "--to", required = true, paramLabel = "PRINCIPAL", description = "The other side's principal (see hotline principal show --line LINE).")
        String to;

        @Option(names = "--subject", required = true)
        String subject;

        @Option(names = "--private-subject", description = "Seal the subject inside the letter; the envelope shows none.")
        boolean privateSubject;

        @Option(names = {"--language", "--lang"}, defaultValue = "en", description = "Language tag of the text. Default: ${DEFAULT-VALUE}.")
        String language;

        @Option(names = "--as", paramLabel = "NAME", description = "Which of our principals writes (default: the only one with keys).")
        String as;

        @Option(names = "--reply-to", paramLabel = "HASH",
                description = "The letter this answers: its hash, or its first 12 or more hex digits as hotline letter list shows them.")
        String replyTo;

        @Option(names = "--passphrase-stdin", description = "Read the passphrase from the first line of standard input; the rest is the text.")
        boolean passphraseStdin;

        @Override
        public Integer call() throws CliException {
            ApiClient api = station.client();
            String writer = as != null ? as : onlyPrincipal(api);
            JsonNode recipient = null;
            JsonNode theirs = api.get("api/v1/lines/" + PathSegments.encode(line) + "/principals");
            for (JsonNode principal : theirs.path("principals")) {
                if (principal.path("name").asText().equals(to)) {
                    recipient = principal;
                }
            }
            if (recipient == null) {
                throw new CliException("the other side has announced no principal called " + to + " on " + line
                        + "; see hotline principal show --line " + line);
            }
            JsonNode lineInfo = api.get("api/v1/lines/" + PathSegments.encode(line));
            api = api.actingAs(writer);
            PrincipalSecrets secrets = LockedKeys.unlock(api, writer, Optional.empty(), passphraseStdin, "passphrase");
            String text = passphraseStdin || System.console() == null ? readStdin() : fromEditor();
            Optional<Hash> reply = Optional.empty();
            if (replyTo != null) {
                List<String> hashes = new ArrayList<>();
                api.get("api/v1/lines/" + PathSegments.encode(line) + "/letters").path("letters")
                        .forEach(letter -> hashes.add(letter.path("hash").asText()));
                reply = Optional.of(Hash.fromHex(HashPrefix.resolve(replyTo, hashes, "letter")));
            }
            Letter letter;
            try {
                letter = LetterSeal.write(new LineId(lineInfo.path("id").asText()), new LetterSeal.Draft(writer, to, Instant.now(), subject,
                        privateSubject, reply, language, text), secrets, SealingPublicKey.fromBase64(recipient.path("sealing").asText()));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", letter.from());
            body.put("to", letter.to());
            body.put("date", letter.date().toString());
            letter.subject().ifPresent(s -> body.put("subject", s));
            letter.replyTo().ifPresent(h -> body.put("replyTo", h.hex()));
            body.put("lang", letter.lang());
            body.put("signer", letter.signer().base64());
            body.put("recipientKey", letter.recipientKey().base64());
            body.put("enc", letter.enc());
            body.put("sealed", letter.sealed());
            JsonNode sent = api.post("api/v1/lines/" + PathSegments.encode(line) + "/letters", body);
            System.out.println("Letter from " + Printable.line(writer) + " to " + Printable.line(to) + " sealed to key " + Formats.show(recipient.path("fingerprint")) + ": "
                    + (sent.path("delivery").asText().equals("waiting") ? "waiting for the line to be restored" : "#" + sent.path("seq").asLong()
                    + ", hash " + Formats.show(sent.path("hash"))));
            return 0;
        }

        private static String fromEditor() throws CliException {
            String editor = Optional.ofNullable(System.getenv("VISUAL")).orElse(System.getenv("EDITOR"));
            if (editor == null || editor.isBlank()) {
                throw new CliException("set $EDITOR, or pipe the text in");
            }
            try {
                Path file = Files.createTempFile("hotline-letter-", ".txt",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                try {
                    Process process = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "sh", file.toString()).inheritIO().start();
                    if (process.waitFor() != 0) {
                        throw new CliException("the editor failed; nothing was sent");
                    }
                    return Files.readString(file, StandardCharsets.UTF_8).strip();
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new CliException("cannot run the editor: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            }
        }

        private static String readStdin() throws CliException {
            try {
                return new String(System.in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CliException("cannot read the text: " + e.getMessage());
            }
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true,
            description = "Open a letter from the other side (asks for your passphrase), verify the writer's signature and key, and send a signed read receipt.")
    static final class Read implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(index = "0", paramLabel = "LINE")
        String line;

        @Parameters(index = "1", paramLabel = "SEQ", description = "The letter's number in the other side's chain (see hotline letter list).")
        long seq;

        @Option(names = "--passphrase-stdin", description = "Read the passphrase from the first line of standard input.")
        boolean passphraseStdin;

        @Override
        public Integer call() throws CliException {
            ApiClient api = station.client();
            JsonNode view = api.get("api/v1/lines/" + PathSegments.encode(line) + "/letters/" + seq);
            Letter letter;
            try {
                letter = new Letter(view.path("from").asText(), view.path("to").asText(), Instant.parse(view.path("date").asText()),
                        view.has("subject") ? Optional.of(view.path("subject").asText()) : Optional.empty(),
                        view.has("replyTo") ? Optional.of(Hash.fromHex(view.path("replyTo").asText())) : Optional.empty(),
                        view.path("lang").asText(), VerifyingKey.fromBase64(view.path("signer").asText()),
                        SealingPublicKey.fromBase64(view.path("recipientKey").asText()), view.path("enc").asText(), view.path("sealed").asText());
            } catch (RuntimeException e) {
                throw new CliException("REJECTED: the letter's envelope is malformed: " + Printable.line(e.getMessage()));
            }
            api = api.actingAs(letter.to());
            PrincipalSecrets secrets = LockedKeys.unlock(api, letter.to(), Optional.of(letter.recipientKey()), passphraseStdin, "passphrase");
            LetterSeal.Opening opening = LetterSeal.open(new LineId(view.path("lineId").asText()), letter, secrets);
            switch (opening) {
                case LetterSeal.Refused refused -> {
                    System.out.println("REJECTED: " + Printable.line(refused.reason()));
                    return REJECTED;
                }
                case LetterSeal.Opened opened -> {
                    if (!view.path("keyValid").asBoolean()) {
                        System.out.println("REJECTED: " + Formats.show(view.path("keyCheck")));
                        return REJECTED;
                    }
                    System.out.println("From:    " + Printable.line(letter.from()));
                    System.out.println("To:      " + Printable.line(letter.to()));
                    System.out.println("Date:    " + letter.date());
                    System.out.println("Subject: " + Printable.line(opened.subject()) + (letter.subject().isEmpty() ? " (private)" : ""));
                    letter.replyTo().ifPresent(h -> System.out.println("Reply to: " + h.hex()));
                    System.out.println("Signed:  " + Formats.show(view.path("keyCheck")));
                    System.out.println();
                    // The body keeps its lines, each indented: none can pass for a header above.
                    for (String bodyLine : Printable.text(opened.text()).split("\n", -1)) {
                        System.out.println("  " + bodyLine);
                    }
                    LetterRead receipt = LetterRead.sign(Hash.fromHex(view.path("hash").asText()), letter.to(), secrets.signing());
                    api.post("api/v1/lines/" + PathSegments.encode(line) + "/letters/" + seq + "/read",
                            Map.of("by", receipt.by(), "key", receipt.key().base64(), "signature", receipt.signature()));
                    return 0;
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The letters on a line, by thread: envelopes only.")
    static final class ListLetters implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(index = "0", paramLabel = "LINE")
        String line;

        @Mixin
        JsonOption output;

        @Override
        public Integer call() throws CliException {
            JsonNode answer = station.client().get("api/v1/lines/" + PathSegments.encode(line) + "/letters");
            if (output.printed(answer)) {
                return 0;
            }
            JsonNode letters = answer.path("letters");
            Map<String, JsonNode> byHash = new LinkedHashMap<>();
            letters.forEach(letter -> byHash.put(letter.path("hash").asText(), letter));
            Map<String, List<JsonNode>> threads = new LinkedHashMap<>();
            for (JsonNode letter : letters) {
                JsonNode root = letter;
                for (int hops = 0; root.has("replyTo") && byHash.containsKey(root.path("replyTo").asText()) && hops < 10_000; hops++) {
                    root = byHash.get(root.path("replyTo").asText());
                }
                threads.computeIfAbsent(root.path("hash").asText(), k -> new ArrayList<>()).add(letter);
            }
            if (threads.isEmpty()) {
                System.out.println("No letters on " + line + ".");
            }
            for (List<JsonNode> thread : threads.values()) {
                JsonNode root = thread.getFirst();
                System.out.println("Thread: " + (root.has("subject") ? Formats.show(root.path("subject")) : "(private subject)"));
                for (JsonNode letter : thread) {
                    System.out.println("  " + (letter.path("mine").asBoolean() ? "ours   #" : "theirs #") + letter.path("seq").asLong() + "  "
                            + Formats.show(letter.path("date")) + "  " + Formats.show(letter.path("from")) + " -> " + Formats.show(letter.path("to")) + "  "
                            + (letter.has("subject") ? Formats.show(letter.path("subject")) : "(private subject)")
                            + (letter.has("readAt") ? "  read " + Formats.show(letter.path("readAt")) : "")
                            + (letter.path("keyCheck").asText().startsWith("REJECTED") ? "  " + Formats.show(letter.path("keyCheck")) : "")
                            + "  " + Printable.line(letter.path("hash").asText().substring(0, 12)));
                }
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a letter's envelope with its writer's key history to a file, for anyone to check offline with hotline verify. The text stays sealed.")
    static final class Export implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(index = "0", paramLabel = "LINE")
        String line;

        @Parameters(index = "1", paramLabel = "SEQ")
        long seq;

        @Option(names = "--ours", description = "A letter we wrote (default: one the other side wrote).")
        boolean ours;

        @Option(names = "--to", required = true, paramLabel = "FILE", description = "The file to write (must not exist; made readable by you alone).")
        Path to;

        @Override
        public Integer call() throws CliException {
            JsonNode envelope = station.client().get("api/v1/lines/" + PathSegments.encode(line) + "/letters/" + seq + "/envelope?author="
                    + (ours ? "ours" : "theirs"));
            try {
                SecretFiles.create(to, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(envelope));
            } catch (IOException e) {
                throw new CliException("cannot write " + to + ": " + e.getMessage());
            }
            System.out.println("Envelope of letter #" + seq + " written to " + to + "; check it with: hotline verify " + to);
            return 0;
        }
    }

    private static String onlyPrincipal(ApiClient api) throws CliException {
        JsonNode ours = api.get("api/v1/principals").path("principals");
        if (ours.size() != 1) {
            throw new CliException(ours.isEmpty() ? "no principal of ours has keys: hotline principal init NAME"
                    : "several principals have keys; say which writes with --as NAME");
        }
        return ours.get(0).path("name").asText();
    }
}
