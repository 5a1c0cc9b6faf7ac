package org.hotline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrintableTest {

    static Stream<Arguments> dangerous() {
        return Stream.of(
                Arguments.of("NUL", "\u0000", "\\u0000"),
                Arguments.of("ESC (ANSI escapes)", "\u001b[8m", "\\u001b[8m"),
                Arguments.of("BEL", "\u0007", "\\u0007"),
                Arguments.of("backspace", "\b", "\\u0008"),
                Arguments.of("carriage return", "\r", "\\u000d"),
                Arguments.of("vertical tab", "\u000b", "\\u000b"),
                Arguments.of("form feed", "\f", "\\u000c"),
                Arguments.of("tab", "\t", "\\u0009"),
                Arguments.of("DEL", "\u007f", "\\u007f"),
                Arguments.of("C1 CSI", "\u009b", "\\u009b"),
                Arguments.of("C1 NEL", "\u0085", "\\u0085"),
                Arguments.of("LRE", "\u202a", "\\u202a"),
                Arguments.of("RLE", "\u202b", "\\u202b"),
                Arguments.of("PDF", "\u202c", "\\u202c"),
                Arguments.of("LRO", "\u202d", "\\u202d"),
                Arguments.of("RLO", "\u202e", "\\u202e"),
                Arguments.of("LRI", "\u2066", "\\u2066"),
                Arguments.of("RLI", "\u2067", "\\u2067"),
                Arguments.of("FSI", "\u2068", "\\u2068"),
                Arguments.of("PDI", "\u2069", "\\u2069"),
                Arguments.of("LRM", "\u200e", "\\u200e"),
                Arguments.of("RLM", "\u200f", "\\u200f"),
                Arguments.of("ALM", "\u061c", "\\u061c"),
                Arguments.of("zero-width space", "\u200b", "\\u200b"),
                Arguments.of("zero-width joiner", "\u200d", "\\u200d"),
                Arguments.of("BOM", "\ufeff", "\\ufeff"),
                Arguments.of("line separator", "\u2028", "\\u2028"),
                Arguments.of("paragraph separator", "\u2029", "\\u2029"),
                Arguments.of("tag character", new String(Character.toChars(0xE0041)), "\\U000e0041"),
                Arguments.of("lone high surrogate", "\ud800", "\\ud800"),
                Arguments.of("lone low surrogate", "\udc00", "\\udc00"),
                Arguments.of("non-character U+FFFE", "\ufffe", "\\ufffe"),
                Arguments.of("non-character U+FFFF", "\uffff", "\\uffff"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dangerous")
    void everyDangerousCharacterIsShownAsAVisibleEscape(String what, String raw, String visible) {
        assertThat(Printable.line("a" + raw + "b")).isEqualTo("a" + visible + "b");
        assertThat(Printable.text("a" + raw + "b")).isEqualTo("a" + visible + "b");
        assertThat(Printable.isPlain(raw)).isFalse();
    }

    @Test
    void aNewlineIsEscapedInALineAndKeptInText() {
        assertThat(Printable.line("one\nstation id  FAKE")).isEqualTo("one\\u000astation id  FAKE");
        assertThat(Printable.text("one\ntwo")).isEqualTo("one\ntwo");
    }

    @Test
    void ordinaryTextOfAnyScriptStaysAsItIs() {
        for (String text : new String[] {"Blue House", "조선민주주의인민공화국 국무위원회", "Präsidialamt", "مكتب الاتصال", "משרד הקישור",
            "Café ☕ 👍🏽", "C:\\path\\u001b is text", "a < b & c > \"d\" 'e'"}) {
            assertThat(Printable.line(text)).isEqualTo(text);
            assertThat(Printable.isPlain(text)).isTrue();
        }
    }

    @Test
    void nullShowsAsEmpty() {
        assertThat(Printable.line(null)).isEmpty();
    }

    /** Any string at all comes out visible and legal in XML 1.0, and neutralising twice changes nothing. */
    @Test
    void outputIsVisibleXmlLegalAndStable() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            StringBuilder raw = new StringBuilder();
            IntStream.range(0, random.nextInt(40)).forEach(n -> raw.append((char) (random.nextBoolean() ? random.nextInt(0x300) : random.nextInt(0x10000))));
            String line = Printable.line(raw.toString());
            assertThat(Printable.line(line)).isEqualTo(line);
            assertThat(Printable.isPlain(line)).isTrue();
            line.codePoints().forEach(c -> assertThat(c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                    || c >= 0x10000).as("XML 1.0 legal: U+%04X", c).isTrue());
        }
    }

    /** JSON for a terminal: bidi and format characters escaped, still decoding to the exact text; emoji and Korean kept. */
    @Test
    void jsonEscapesKeepTheTextExactAndVisible() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        mapper.getFactory().setCharacterEscapes(new PrintableJsonEscapes());
        String text = "연락 👍🏽 \u001b[2J\u202eevil\u2066\u200e\u0000";
        String json = mapper.writeValueAsString(java.util.Map.of("text", text));
        assertThat(json).contains("연락 👍🏽").contains("\\u202e").contains("\\u2066").contains("\\u200e")
                .doesNotContain("\u202e", "\u2066", "\u200e", "\u001b", "\u0000");
        assertThat(mapper.readTree(json).path("text").asText()).isEqualTo(text);
    }
}
