package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.AT;
import static org.hotline.protocol.ProtocolFixtures.LINE;
import static org.hotline.protocol.ProtocolFixtures.utf8;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.ProtocolException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryCodecTest {
    private static final SigningKey KEY = ProtocolFixtures.key(0);
    private static final StationId AUTHOR = KEY.verifyingKey().stationId();
    private static final Hash SOME_HASH = Hash.sha256(utf8("some entry"));

    private static Entry first(Body body) {
        return new Entry(Entry.VERSION, LINE, AUTHOR, 1, Optional.empty(), Head.EMPTY, AT, body);
    }

    private static Entry second() {
        return new Entry(Entry.VERSION, LINE, AUTHOR, 2, Optional.of(SOME_HASH), Head.of(7, Hash.sha256(utf8("peer #7"))),
                AT.plusSeconds(60), new Message("두 번째 통화", Priority.FLASH, "ko"));
    }

    /** A valid seq-1 entry as text, to be broken one way at a time. */
    private static String validFirst() throws ProtocolException {
        return ProtocolFixtures.string(EntryCodec.encode(first(new Message("09:00 check-in", Priority.ROUTINE, "en"))));
    }

    /** A valid seq-2 entry (with prev and seen) as text. */
    private static String validSecond() throws ProtocolException {
        return ProtocolFixtures.string(EntryCodec.encode(second()));
    }

    /** Replaces exactly one occurrence, failing the test if the target is not there. */
    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        assertThat(at).as("'%s' occurs in %s", target, text).isGreaterThanOrEqualTo(0);
        assertThat(text.indexOf(target, at + 1)).as("'%s' occurs once", target).isEqualTo(-1);
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }

    private static void assertRefused(byte[] bytes, Reason reason) {
        assertThatThrownBy(() -> EntryCodec.decode(bytes))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(reason));
    }

    private static void assertRefused(String json, Reason reason) {
        assertRefused(utf8(json), reason);
    }

    // --- round trips --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Priority.class)
    void roundTripsEveryPriority(Priority priority) throws Exception {
        Entry entry = first(new Message("통신선 점검 — line check", priority, "ko-KR"));
        byte[] bytes = EntryCodec.encode(entry);

        assertThat(EntryCodec.decode(bytes)).isEqualTo(entry);
        assertThat(EntryCodec.encode(EntryCodec.decode(bytes))).isEqualTo(bytes);
        // Written in ASCII lower case whatever the default locale (the tests run in tr_TR).
        assertThat(ProtocolFixtures.string(bytes)).contains("\"priority\":\"" + priority.name().toLowerCase(java.util.Locale.ROOT) + "\"");
    }

    @Test
    void roundTripsAnEntryWithPrevAndSeen() throws Exception {
        Entry entry = second();
        byte[] bytes = EntryCodec.encode(entry);
        Entry decoded = EntryCodec.decode(bytes);

        assertThat(decoded).isEqualTo(entry);
        assertThat(decoded.prev()).contains(SOME_HASH);
        assertThat(decoded.seen().seq()).isEqualTo(7);
        assertThat(EntryCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void writesFieldsInTheDocumentedOrder() throws Exception {
        String json = validSecond();
        String[] order = {"\"v\":", "\"line\":", "\"author\":", "\"seq\":", "\"prev\":", "\"seen\":", "\"at\":", "\"type\":", "\"body\":"};
        int last = -1;
        for (String field : order) {
            int at = json.indexOf(field);
            assertThat(at).as(field).isGreaterThan(last);
            last = at;
        }
    }

    @Test
    void writesTextThatNeedsEscapingAndStillRoundTrips() throws Exception {
        Entry entry = first(new Message("quote \" backslash \\ tab \t newline \n nul \u0000 emoji 🚨 한글", Priority.URGENT, "en"));
        byte[] bytes = EntryCodec.encode(entry);

        assertThat(EntryCodec.decode(bytes)).isEqualTo(entry);
        assertThat(ProtocolFixtures.string(bytes)).doesNotContain("\n").doesNotContain("\t").doesNotContain("\u0000");
    }

    @Test
    void writesTheInstantInUtcTruncatedToMilliseconds() throws Exception {
        Entry entry = new Entry(Entry.VERSION, LINE, AUTHOR, 1, Optional.empty(), Head.EMPTY,
                Instant.parse("2020-06-09T12:00:00.123456789Z"), new Message("cut", Priority.FLASH, "en"));
        String json = ProtocolFixtures.string(EntryCodec.encode(entry));

        assertThat(json).contains("\"at\":\"2020-06-09T12:00:00.123Z\"");
        assertThat(EntryCodec.decode(utf8(json)).at()).isEqualTo(Instant.parse("2020-06-09T12:00:00.123Z"));
    }

    @Test
    void acceptsOtherFieldOrderAndWhitespaceBecauseTheBytesAreSigned() throws Exception {
        String json = validFirst();
        Entry expected = EntryCodec.decode(utf8(json));
        String reordered = "{ \"body\" : {\"lang\":\"en\",\"priority\":\"routine\",\"text\":\"09:00 check-in\"},\n"
                + json.substring(1, json.indexOf(",\"body\"")) + " }";

        assertThat(EntryCodec.decode(utf8(reordered))).isEqualTo(expected);
    }

    // --- strictness ---------------------------------------------------------------------------

    @Test
    void refusesDuplicateKeysAtTopLevel() throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"seq\":1,", "\"seq\":1,\"seq\":1,"), Reason.MALFORMED);
        assertRefused(replaceOnce(validFirst(), "\"seq\":1,", "\"seq\":1,\"seq\":2,"), Reason.MALFORMED);
    }

    @Test
    void refusesDuplicateKeysInBodyAndSeen() throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"priority\":\"routine\"", "\"priority\":\"routine\",\"priority\":\"flash\""), Reason.MALFORMED);
        assertRefused(replaceOnce(validSecond(), "{\"seq\":7,", "{\"seq\":7,\"seq\":7,"), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "{}", "[]", "null", "}", " 1", ",{}"})
    void refusesTrailingData(String trailing) throws Exception {
        assertRefused(validFirst() + trailing, Reason.MALFORMED);
    }

    @Test
    void refusesUnknownFields() throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"type\":", "\"extra\":null,\"type\":"), Reason.MALFORMED);
        assertRefused(replaceOnce(validFirst(), "\"lang\":\"en\"", "\"lang\":\"en\",\"html\":\"<b>\""), Reason.MALFORMED);
        assertRefused(replaceOnce(validSecond(), "{\"seq\":7,", "{\"seq\":7,\"by\":\"x\","), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"v\":1,", "\"line\":\"aaaaaaaaaaaaaaaaaaaaaaaaaa\",", "\"prev\":null,", "\"seen\":null,"})
    void refusesMissingFields(String field) throws Exception {
        assertRefused(replaceOnce(validFirst(), field, ""), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"telegram", "Message", "MESSAGE", "message ", ""})
    void refusesUnknownType(String type) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"type\":\"message\"", "\"type\":\"" + type + "\""), Reason.UNKNOWN_TYPE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 99})
    void refusesOtherVersions(int version) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"v\":1,", "\"v\":" + version + ","), Reason.UNSUPPORTED_VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "-1", "1.0", "1e0", "01", "true", "null"})
    void refusesAVersionThatIsNotAWholeNumber(String version) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"v\":1,", "\"v\":" + version + ","), Reason.MALFORMED);
    }

    @Test
    void refusesInvalidUtf8() throws Exception {
        byte[] valid = utf8(validFirst());
        int text = indexOf(valid, utf8("09:00"));
        // A byte that never occurs in UTF-8.
        byte[] ff = valid.clone();
        ff[text] = (byte) 0xff;
        assertRefused(ff, Reason.MALFORMED);
        // A lone continuation byte.
        byte[] continuation = valid.clone();
        continuation[text] = (byte) 0x82;
        assertRefused(continuation, Reason.MALFORMED);
        // A three-byte sequence cut short by the closing quote: eb 82 then '"'.
        String json = validFirst();
        int quote = indexOf(valid, utf8("check-in\"")) + "check-in".length();
        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        cut.write(valid, 0, quote);
        cut.write(0xeb);
        cut.write(0x82);
        cut.write(valid, quote, valid.length - quote);
        assertThat(json).contains("check-in\"");
        assertRefused(cut.toByteArray(), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "\"1\"", "null", "99999999999999999999999"})
    void refusesSeqThatIsNotPositive(String seq) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"seq\":1,", "\"seq\":" + seq + ","), Reason.MALFORMED);
    }

    @Test
    void refusesPrevOnSeqOne() throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"prev\":null", "\"prev\":\"" + SOME_HASH.hex() + "\""), Reason.BAD_PREV);
    }

    @Test
    void refusesMissingPrevOnSeqTwo() throws Exception {
        assertRefused(replaceOnce(validSecond(), "\"prev\":\"" + SOME_HASH.hex() + "\"", "\"prev\":null"), Reason.BAD_PREV);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"\"", "1", "{}"})
    void refusesPrevThatIsNotAHash(String prev) throws Exception {
        assertRefused(replaceOnce(validSecond(), "\"prev\":\"" + SOME_HASH.hex() + "\"", "\"prev\":" + prev), Reason.MALFORMED);
        String notHex = "\"" + "zz".repeat(Hash.LENGTH) + "\"";
        assertRefused(replaceOnce(validSecond(), "\"prev\":\"" + SOME_HASH.hex() + "\"", "\"prev\":" + notHex), Reason.MALFORMED);
    }

    @Test
    void refusesMalformedSeen() throws Exception {
        String second = validSecond();
        String seen = second.substring(second.indexOf("\"seen\":"), second.indexOf(",\"at\""));
        String hash = Hash.sha256(utf8("peer #7")).hex();
        assertRefused(replaceOnce(second, seen, "\"seen\":{\"seq\":0,\"hash\":\"" + hash + "\"}"), Reason.MALFORMED);
        assertRefused(replaceOnce(second, seen, "\"seen\":{\"seq\":7}"), Reason.MALFORMED);
        assertRefused(replaceOnce(second, seen, "\"seen\":{\"hash\":\"" + hash + "\"}"), Reason.MALFORMED);
        assertRefused(replaceOnce(second, seen, "\"seen\":\"7:" + hash + "\""), Reason.MALFORMED);
        assertRefused(replaceOnce(second, seen, "\"seen\":{\"seq\":-7,\"hash\":\"" + hash + "\"}"), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a tag!", "k", "ko_KR", "", "toolonglanguage", "ko-", "한국어"})
    void refusesBadLanguageTag(String lang) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"lang\":\"en\"", "\"lang\":\"" + lang + "\""), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ROUTINE\"", "\"Urgent\"", "\"low\"", "\"\"", "1", "null"})
    void refusesBadPriority(String priority) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"priority\":\"routine\"", "\"priority\":" + priority), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \"", "1", "null", "[\"a\"]"})
    void refusesBadText(String text) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"text\":\"09:00 check-in\"", "\"text\":" + text), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"AAAA\"", "\"kzdvvj2umnduyauf35o36k6kw462mujvra46tn3uqgzovmihocga\"", "null"})
    void refusesBadAuthor(String author) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"author\":\"" + AUTHOR.value() + "\"", "\"author\":" + author), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"AAAAAAAAAAAAAAAAAAAAAAAAAA\"", "\"short\"", "\"aaaaaaaaaaaaaaaaaaaaaaaaa1\"", "7"})
    void refusesBadLine(String line) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"line\":\"" + LINE.value() + "\"", "\"line\":" + line), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2021-07-27\"", "\"2021-07-27T10:00:00\"", "1627347600"})
    void refusesBadInstant(String at) throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"at\":\"2021-07-27T01:00:00.250Z\"", "\"at\":" + at), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"entry\"", "null", "{", "{'v':1}", "{\"v\":1 /* c */}"})
    void refusesWhatIsNotAJsonObject(String json) {
        assertRefused(json, Reason.MALFORMED);
    }

    @Test
    void refusesNonJsonSyntaxInsideAnEntry() throws Exception {
        assertRefused(replaceOnce(validFirst(), "\"v\":1,", "\"v\":1,/* comment */"), Reason.MALFORMED);
        assertRefused(replaceOnce(validFirst(), "\"v\":1,", "'v':1,"), Reason.MALFORMED);
        assertRefused(replaceOnce(validFirst(), "\"lang\":\"en\"}", "\"lang\":\"en\",}"), Reason.MALFORMED);
    }

    // --- size ---------------------------------------------------------------------------------

    @Test
    void decodeRefusesMoreThanTheLimitAndAcceptsExactlyTheLimit() throws Exception {
        String json = validFirst();
        int padding = EntryCodec.MAX_ENTRY_BYTES - utf8(json).length;
        String atLimit = json.substring(0, json.length() - 1) + " ".repeat(padding) + "}";
        assertThat(utf8(atLimit)).hasSize(EntryCodec.MAX_ENTRY_BYTES);
        assertThat(EntryCodec.decode(utf8(atLimit))).isEqualTo(EntryCodec.decode(utf8(json)));

        String overLimit = json.substring(0, json.length() - 1) + " ".repeat(padding + 1) + "}";
        assertRefused(overLimit, Reason.TOO_LARGE);
    }

    @Test
    void decodeRefusesAnOversizeMessage() throws Exception {
        String big = replaceOnce(validFirst(), "09:00 check-in", "x".repeat(EntryCodec.MAX_ENTRY_BYTES));
        assertRefused(big, Reason.TOO_LARGE);
    }

    @Test
    void decodeRefusesTextOverTheMessageLimitEvenInsideTheEntryLimit() throws Exception {
        String big = replaceOnce(validFirst(), "09:00 check-in", "x".repeat(Message.MAX_TEXT_BYTES + 1));
        assertThat(utf8(big).length).isLessThan(EntryCodec.MAX_ENTRY_BYTES);
        assertRefused(big, Reason.MALFORMED);
    }

    @Test
    void encodeRefusesAnEntryThatEscapesBeyondTheLimit() {
        // Within the message's text limit, but every quote is written as two bytes.
        Message quotes = new Message("\"".repeat(40_000), Priority.ROUTINE, "en");
        assertThatThrownBy(() -> EntryCodec.encode(first(quotes)))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void messageRefusesTextOverItsLimitCountedInUtf8Bytes() {
        // 3 bytes a character in UTF-8: under the limit in chars, over it in bytes.
        String korean = "한".repeat(Message.MAX_TEXT_BYTES / 3 + 1);
        assertThat(korean.length()).isLessThan(Message.MAX_TEXT_BYTES);
        assertThatThrownBy(() -> new Message(korean, Priority.ROUTINE, "ko"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Message("한".repeat(Message.MAX_TEXT_BYTES / 3), Priority.ROUTINE, "ko").text()).isNotEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
