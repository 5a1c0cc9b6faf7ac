package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.protocol.StationId;
import org.hotline.protocol.Statement;
import org.hotline.protocol.VerifyingKey;
import org.hotline.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "statement", mixinStandardHelpOptions = true,
        description = "Public statements on this station's feed (/feed.atom, /feed.json), signed by a principal.",
        subcommands = {StatementCommand.Publish.class, StatementCommand.Draft.class, StatementCommand.Cosign.class})
final class StatementCommand {

    @Command(name = "draft", mixinStandardHelpOptions = true,
            description = "Propose the text of a joint statement on a line (text from standard input). It is published on both feeds once a principal of each side co-signs it.")
    static final class Draft implements Callable<Integer> {
        @Mixin
        StationOption station;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "LINE")
        String line;

        @Option(names = "--title", required = true)
        String title;

        @Option(names = {"--language", "--lang"}, defaultValue = "en", description = "Default: ${DEFAULT-VALUE}.")
        String language;

        @Override
        public Integer call() throws CliException {
            String text;
            try {
                text = new String(System.in.readNBytes(100_000), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CliException("cannot read the text: " + e.getMessage());
            }
            JsonNode written = station.client().post("api/v1/lines/" + PathSegments.encode(line) + "/statement-drafts",
                    Map.of("title", title, "lang", language, "text", text));
            System.out.println("Draft #" + written.path("seq").asLong() + " on " + Formats.show(written.path("line")) + ", hash "
                    + Formats.show(written.path("hash")));
            System.out.println("Each side's principal co-signs it with: hotline statement cosign " + line + " " + Formats.show(written.path("hash"))
                    + " --as NAME");
            return 0;
        }
    }

    @Command(name = "cosign", mixinStandardHelpOptions = true,
            description = "Co-sign a joint statement draft as a principal (asks for the passphrase): signs the hash of its text, computed here.")
    static final class Cosign implements Callable<Integer> {
        @Mixin
        StationOption station;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "LINE")
        String line;

        @picocli.CommandLine.Parameters(index = "1", paramLabel = "HASH", description = "The draft's hash (or its first 12 or more hex digits).")
        String hash;

        @Option(names = "--as", required = true, paramLabel = "NAME")
        String as;

        @Option(names = "--passphrase-stdin", description = "Read the passphrase from the first line of standard input.")
        boolean passphraseStdin;

        @Override
        public Integer call() throws CliException {
            ApiClient api = station.client();
            Map<String, JsonNode> drafts = new LinkedHashMap<>();
            api.get("api/v1/lines/" + PathSegments.encode(line) + "/statement-drafts").path("drafts")
                    .forEach(draft -> drafts.put(draft.path("hash").asText(), draft));
            JsonNode found = drafts.get(HashPrefix.resolve(hash, drafts.keySet(), "draft"));
            org.hotline.protocol.StatementDraft draft = new org.hotline.protocol.StatementDraft(found.path("title").asText(),
                    found.path("lang").asText(), found.path("text").asText());
            org.hotline.protocol.Hash textHash = draft.textHash(new org.hotline.protocol.LineId(
                    api.get("api/v1/lines/" + PathSegments.encode(line)).path("id").asText()));
            System.out.println("Co-signing \"" + Printable.line(draft.title()) + "\":");
            for (String textLine : Printable.text(draft.text()).split("\n", -1)) {
                System.out.println("  " + textLine);
            }
            api = api.actingAs(as);
            PrincipalSecrets secrets = LockedKeys.unlock(api, as, Optional.empty(), passphraseStdin, "passphrase");
            JsonNode written = api.post("api/v1/lines/" + PathSegments.encode(line) + "/statement-drafts/" + found.path("hash").asText()
                    + "/cosign", Map.of("principal", as, "key", secrets.signingPublic().base64(),
                    "signature", Base64.getEncoder().encodeToString(secrets.signing().sign(textHash.bytes()))));
            System.out.println("Co-signed by " + as + " (#" + written.path("seq").asLong() + "); text hash " + textHash.hex());
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Sign a statement with a principal's key (asks for the passphrase) and publish it. The text comes from standard input.",
                "--quote LINE:ours:SEQ or LINE:theirs:SEQ quotes a transcript entry with its bytes and signature, so any reader can check it."})
    static final class Publish implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Option(names = "--as", required = true, paramLabel = "NAME", description = "The principal who signs.")
        String as;

        @Option(names = "--title", required = true)
        String title;

        @Option(names = {"--language", "--lang"}, defaultValue = "en", description = "Default: ${DEFAULT-VALUE}.")
        String language;

        @Option(names = "--quote", paramLabel = "LINE:ours|theirs:SEQ", description = "A transcript entry to quote (repeatable).")
        List<String> quotes = new ArrayList<>();

        @Option(names = "--passphrase-stdin", description = "Read the passphrase from the first line of standard input; the rest is the text.")
        boolean passphraseStdin;

        @Override
        public Integer call() throws CliException {
            ApiClient api = station.client();
            List<Statement.Quote> quoted = new ArrayList<>();
            List<Map<String, Object>> quoteBodies = new ArrayList<>();
            for (String reference : quotes) {
                String[] parts = reference.split(":");
                if (parts.length != 3 || !(parts[1].equals("ours") || parts[1].equals("theirs")) || !parts[2].matches("\\d{1,18}")) {
                    throw new CliException("--quote is LINE:ours:SEQ or LINE:theirs:SEQ, e.g. liaison:theirs:7");
                }
                JsonNode quote = api.get("api/v1/lines/" + PathSegments.encode(parts[0]) + "/quote?author=" + parts[1] + "&seq=" + parts[2]);
                quoted.add(new Statement.Quote(quote.path("entry").asText(), quote.path("signature").asText(),
                        VerifyingKey.fromBase64(quote.path("authorKey").asText())));
                quoteBodies.add(Map.of("entry", quote.path("entry").asText(), "signature", quote.path("signature").asText(),
                        "authorKey", quote.path("authorKey").asText()));
            }
            JsonNode self = api.get("api/v1/station");
            api = api.actingAs(as);
            PrincipalSecrets secrets = LockedKeys.unlock(api, as, Optional.empty(), passphraseStdin, "passphrase");
            String text;
            try {
                text = new String(System.in.readNBytes(200_000), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CliException("cannot read the text: " + e.getMessage());
            }
            if (text.isEmpty()) {
                throw new CliException("the statement has no text; pipe it in");
            }
            Instant published = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            byte[] signed = Statement.signedBytes(StationId.parse(self.path("id").asText()), self.path("name").asText(), as,
                    secrets.signingPublic(), title, language, published, text, quoted);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("principal", as);
            body.put("signer", secrets.signingPublic().base64());
            body.put("title", title);
            body.put("lang", language);
            body.put("published", published.toString());
            body.put("text", text);
            body.put("quotes", quoteBodies);
            body.put("signature", Base64.getEncoder().encodeToString(secrets.signing().sign(signed)));
            JsonNode done = api.post("api/v1/statements", body);
            System.out.println("Published \"" + Formats.show(done.path("title")) + "\": " + Formats.show(done.path("url")));
            System.out.println("On the feeds /feed.atom and /feed.json; anyone can check it with: hotline verify FILE");
            return 0;
        }
    }
}
