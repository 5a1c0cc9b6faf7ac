package org.hotline.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * Parsing and writing of the signed JSON objects. Strict on purpose: duplicate keys, trailing
 * data, deep nesting, unknown fields and invalid UTF-8 are all refused, so that two readers can
 * never disagree about what signed bytes say.
 */
final class StrictJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxStringLength(EntryCodec.MAX_ENTRY_BYTES)
                    .maxNumberLength(20)
                    .build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private StrictJson() {}

    interface Writer {
        void write(JsonGenerator generator) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    static ObjectNode readObject(byte[] bytes, String what) throws ProtocolException {
        return readObject(bytes, what, EntryCodec.MAX_ENTRY_BYTES);
    }

    /** With a larger size limit, for files that hold many entries (a bundle's entries are base64 strings). */
    static ObjectNode readObject(byte[] bytes, String what, int maxBytes) throws ProtocolException {
        if (bytes.length > maxBytes) {
            throw new ProtocolException(Reason.TOO_LARGE, what + " is " + bytes.length + " bytes; the limit is " + maxBytes);
        }
        // Jackson would also accept UTF-16/32, a byte order mark, overlong forms and encoded
        // surrogates; signed bytes must have exactly one reading, so only strict UTF-8 objects pass.
        if (bytes.length == 0 || bytes[0] != '{') {
            throw new ProtocolException(Reason.MALFORMED, what + " must be a UTF-8 JSON object starting with '{'");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(Reason.MALFORMED, what + " is not valid UTF-8");
        }
        JsonNode node;
        // Parsed from the decoded text, so Jackson cannot guess another encoding from the bytes.
        try (JsonParser parser = FACTORY.createParser(text)) {
            node = MAPPER.readTree(parser);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(Reason.MALFORMED, what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException(Reason.MALFORMED, what + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    static void onlyFields(ObjectNode node, Set<String> allowed, String what) throws ProtocolException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ProtocolException(Reason.MALFORMED, what + " has an unknown field '" + clip(name) + "'");
            }
        }
    }

    static JsonNode required(ObjectNode node, String field, String what) throws ProtocolException {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new ProtocolException(Reason.MALFORMED, what + " lacks the field '" + field + "'");
        }
        return value;
    }

    static String text(ObjectNode node, String field, String what) throws ProtocolException {
        JsonNode value = required(node, field, what);
        if (!value.isTextual()) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    static java.util.List<String> texts(ObjectNode node, String field, String what) throws ProtocolException {
        JsonNode value = required(node, field, what);
        if (!value.isArray()) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "' must be an array of strings");
        }
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "' must be an array of strings");
            }
            texts.add(item.textValue());
        }
        return texts;
    }

    /** Canonical base64 (RFC 4648, padded): the bytes must re-encode to exactly the text, so one value has one spelling. */
    static byte[] base64(ObjectNode node, String field, String what) throws ProtocolException {
        String text = text(node, field, what);
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED, what + ": " + field + " is not base64");
        }
        if (!java.util.Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED, what + ": " + field + " is not canonical base64");
        }
        return bytes;
    }

    static boolean bool(ObjectNode node, String field, String what) throws ProtocolException {
        JsonNode value = required(node, field, what);
        if (!value.isBoolean()) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    static long positiveLong(ObjectNode node, String field, String what) throws ProtocolException {
        JsonNode value = required(node, field, what);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "' must be a whole number ≥ 0");
        }
        return value.longValue();
    }

    static ObjectNode object(ObjectNode node, String field, String what) throws ProtocolException {
        JsonNode value = required(node, field, what);
        if (!value.isObject()) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "' must be an object");
        }
        return (ObjectNode) value;
    }

    static Hash hash(ObjectNode node, String field, String what) throws ProtocolException {
        String hex = text(node, field, what);
        try {
            return Hash.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "': " + e.getMessage());
        }
    }

    static Instant instant(ObjectNode node, String field, String what) throws ProtocolException {
        String text = text(node, field, what);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "' is not an ISO-8601 instant");
        }
    }

    static StationId stationId(ObjectNode node, String field, String what) throws ProtocolException {
        try {
            return new StationId(text(node, field, what));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "': " + e.getMessage());
        }
    }

    static LineId lineId(ObjectNode node, String field, String what) throws ProtocolException {
        try {
            return new LineId(text(node, field, what));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "': " + e.getMessage());
        }
    }

    /** A head written as {@code {"seq":n,"hash":"..."}} or {@code null} for the empty head. */
    static Head head(ObjectNode node, String field, String what) throws ProtocolException {
        JsonNode value = required(node, field, what);
        if (value.isNull()) {
            return Head.EMPTY;
        }
        if (!value.isObject()) {
            throw new ProtocolException(Reason.MALFORMED, what + " field '" + field + "' must be an object or null");
        }
        ObjectNode object = (ObjectNode) value;
        String inner = what + " field '" + field + "'";
        onlyFields(object, Set.of("seq", "hash"), inner);
        long seq = positiveLong(object, "seq", inner);
        if (seq == 0) {
            throw new ProtocolException(Reason.MALFORMED, inner + " names seq 0; write null for nothing");
        }
        return Head.of(seq, hash(object, "hash", inner));
    }

    static void writeHead(JsonGenerator generator, String field, Head head) throws IOException {
        generator.writeFieldName(field);
        if (head.isEmpty()) {
            generator.writeNull();
            return;
        }
        generator.writeStartObject();
        generator.writeNumberField("seq", head.seq());
        generator.writeStringField("hash", head.hash().orElseThrow().hex());
        generator.writeEndObject();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return clip(newline < 0 ? message : message.substring(0, newline));
    }

    static String clip(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
