package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every console text the templates and the console's code ask for exists in English and in Korean. */
class TextsTest {
    private static final Pattern KEY = Pattern.compile("(?:t\\(\\)|\\bt)\\.(?:get|format)\\(\"([a-z0-9.-]*[a-z0-9-])\"");

    @Test
    void everyTextAskedForExistsInBothLanguages() throws IOException {
        Set<String> asked = new TreeSet<>();
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/jte")), Files.walk(Path.of("src/main/java/org/hotline/console")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher matcher = KEY.matcher(Files.readString(file));
                while (matcher.find()) {
                    asked.add(matcher.group(1));
                }
            }
        }
        assertThat(asked).hasSizeGreaterThan(50);
        // Texts whose key is made from a value: every value there is.
        for (org.hotline.store.Role role : org.hotline.store.Role.values()) {
            asked.add("role." + role.wireName());
        }
        for (org.hotline.protocol.Priority priority : org.hotline.protocol.Priority.values()) {
            asked.add("priority." + priority.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (org.hotline.protocol.DeclaredState.Phase phase : org.hotline.protocol.DeclaredState.Phase.values()) {
            asked.add("state." + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        asked.addAll(java.util.List.of("delivery.queued", "delivery.delivered", "delivery.received", "suspend.button.confirm",
                "restore.button.confirm", "suspend.question", "restore.question", "suspend.consequence", "restore.consequence"));
        Properties english = load("en");
        Properties korean = load("ko");
        assertThat(asked).allSatisfy(key -> {
            assertThat(english.getProperty(key)).as("English for %s", key).isNotBlank();
            assertThat(korean.getProperty(key)).as("Korean for %s", key).isNotBlank();
        });
        assertThat(korean.stringPropertyNames()).as("Korean has every English text").containsAll(english.stringPropertyNames());
    }

    @Test
    void timesAreInTheReadersZoneWithTheZoneNamed() {
        Texts seoul = new Texts("en", ZoneId.of("Asia/Seoul"));
        assertThat(seoul.when(Instant.parse("2026-11-23T12:00:00Z"))).isEqualTo("2026-11-23 21:00:00 KST (Asia/Seoul)");
        assertThat(new Texts("ko", ZoneId.of("UTC")).when(Instant.parse("2026-11-23T12:00:00Z"))).startsWith("2026-11-23 12:00:00");
        assertThat(Texts.fromAcceptLanguage("ko-KR,ko;q=0.9,en;q=0.8")).isEqualTo("ko");
        assertThat(Texts.fromAcceptLanguage("fr-FR, de;q=0.5")).isEqualTo("en");
        assertThat(Texts.fromAcceptLanguage("garbage;;q=x")).isEqualTo("en");
    }

    private static Properties load(String language) throws IOException {
        Properties properties = new Properties();
        try (var in = TextsTest.class.getResourceAsStream("/console/texts_" + language + ".properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
