package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documents honest as the code moves: every relative link in the README and in
 * {@code docs/} leads to a file inside the repository (and to a heading that exists), and every
 * class or {@code Class.member} that protocol.md and architecture.md name in backticks exists in
 * the code, so that a reader following them is never sent to something renamed or removed.
 */
class DocsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]*)\\)");
    /** {@code Class}, {@code Class.member}, {@code package.Class}, {@code package.Class.member}. */
    private static final Pattern CODE_NAME = Pattern.compile("`(?:[a-z]+\\.)?([A-Z][a-z][A-Za-z0-9]*)(?:\\.([A-Za-z][A-Za-z0-9]*))?`");
    private static final Pattern TYPE = Pattern.compile("\\b(?:class|record|enum|interface) ([A-Z][A-Za-z0-9]*)");
    /** Library classes the documents name. */
    private static final Set<String> LIBRARY = Set.of("Instant", "HttpClient", "SslContextFactory");

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingInTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path document : documents()) {
            Matcher link = LINK.matcher(Files.readString(document, StandardCharsets.UTF_8));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(document) + ": " + target);
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** GitHub's anchors: headings in lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path document) throws IOException {
        return Set.copyOf(Files.readAllLines(document, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+ ", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .toList());
    }

    /** An example entry quoted in protocol.md is one the vectors hold, byte for byte. */
    @Test
    void exampleEntriesInTheProtocolAreVectors() throws IOException {
        String protocol = Files.readString(ROOT.resolve("docs/protocol.md"), StandardCharsets.UTF_8);
        String transcript = Files.readString(ProtocolVectors.DIR.resolve("transcript.json"), StandardCharsets.UTF_8);
        Matcher example = Pattern.compile("```json\n(\\{\"v\":1,.*)\n```").matcher(protocol);
        int examples = 0;
        while (example.find()) {
            examples++;
            assertThat(transcript).contains(ProtocolVectors.JSON.writeValueAsString(example.group(1)));
        }
        assertThat(examples).isPositive();
    }

    @Test
    void everyClassAndMemberTheDocumentsNameExists() throws IOException {
        Map<String, List<String>> types = new HashMap<>();
        for (String tree : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(tree))) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file, StandardCharsets.UTF_8);
                    Matcher type = TYPE.matcher(source);
                    while (type.find()) {
                        types.computeIfAbsent(type.group(1), name -> new ArrayList<>()).add(source);
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (String document : List.of("docs/protocol.md", "docs/architecture.md")) {
            Matcher name = CODE_NAME.matcher(Files.readString(ROOT.resolve(document), StandardCharsets.UTF_8));
            while (name.find()) {
                String type = name.group(1);
                String member = name.group(2);
                named++;
                if (LIBRARY.contains(type)) {
                    continue;
                }
                List<String> sources = types.get(type);
                if (sources == null) {
                    missing.add(document + ": " + name.group());
                } else if (member != null && sources.stream().noneMatch(source -> Pattern.compile("\\b" + member + "\\b").matcher(source).find())) {
                    missing.add(document + ": " + name.group() + " (no member " + member + ")");
                }
            }
        }
        assertThat(named).as("names checked").isGreaterThan(100);
        assertThat(missing).isEmpty();
    }
}
