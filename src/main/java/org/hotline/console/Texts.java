package org.hotline.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.hotline.time.TimeText;

/** The console's words in one language, and dates in the reader's time zone with the zone named. */
public final class Texts {
    static final List<String> LANGUAGES = List.of("en", "ko");
    private static final Map<String, Properties> BUNDLES = Map.of("en", load("en"), "ko", load("ko"));
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String language;
    private final Properties words;
    private final ZoneId zone;

    Texts(String language, ZoneId zone) {
        this.language = BUNDLES.containsKey(language) ? language : "en";
        this.words = BUNDLES.get(this.language);
        this.zone = zone;
    }

    public String language() {
        return language;
    }

    public String get(String key) {
        String word = words.getProperty(key);
        if (word == null) {
            word = BUNDLES.get("en").getProperty(key);
        }
        if (word == null) {
            throw new IllegalArgumentException("no console text '" + key + "'");
        }
        return word;
    }

    public String format(String key, Object... arguments) {
        return new MessageFormat(get(key), Locale.forLanguageTag(language)).format(arguments);
    }

    /** "2026-11-23 21:05:09 KST (Asia/Seoul)": the reader's zone, named. */
    public String when(Instant instant) {
        if (!TimeText.inCalendar(instant)) {
            return TimeText.exact(instant);
        }
        return TimeText.format(instant, zone, WHEN) + " " + zone.getDisplayName(TextStyle.SHORT, Locale.forLanguageTag(language))
                + (zone.getId().equals("UTC") || zone.getId().equals("Z") ? "" : " (" + zone.getId() + ")");
    }

    public String when(Optional<Instant> instant) {
        return instant.map(this::when).orElse(get("none"));
    }

    public String zone() {
        return zone.getId();
    }

    /** The first language of an Accept-Language header that the console speaks; English otherwise. */
    static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return "en";
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                String primary = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                if (LANGUAGES.contains(primary)) {
                    return primary;
                }
            }
        } catch (IllegalArgumentException e) {
            // a malformed header: English
        }
        return "en";
    }

    private static Properties load(String language) {
        Properties properties = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream("/console/texts_" + language + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("console texts for " + language + " missing from the build");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
