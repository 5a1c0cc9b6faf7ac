package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * A public statement of one party, signed by one of its principals, as published on the station's
 * feed and checked offline by {@code hotline verify}. The document carries all a reader needs: the
 * station's key (which hashes to its id), the station-signed {@code principal-key} entries that
 * show the principal's keys and when each was rotated out, and for each quoted transcript entry its
 * exact bytes, signature and author key. The principal's Ed25519 signature covers the statement's
 * fields and the hash of every quoted entry.
 *
 * <p>Each entry of the key history is genuine on its own, so a document could leave a rotation
 * out and make a retired key look current. The publishing station therefore signs
 * ({@code keysSignature}, with the station key) the statement's id and the hashes of the key
 * history: its word that these are all of the principal's {@code principal-key} entries on that
 * line when it published. Whoever holds only a retired principal key cannot make that signature.
 */
public record Statement(StationId station, String stationName, VerifyingKey stationKey, String principal, VerifyingKey signer, String title,
        String lang, Instant published, String text, List<Quote> quotes, String signature, List<Quote> keyHistory,
        Optional<String> keysSignature) {
    public static final String KIND = "hotline-statement";
    public static final int MAX_BYTES = 512 * 1024;
    private static final byte[] CONTEXT = "hotline statement v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYS_CONTEXT = "hotline statement key history v1\n".getBytes(StandardCharsets.US_ASCII);

    /** A statement whose key history the station has not (yet) attested. */
    public Statement(StationId station, String stationName, VerifyingKey stationKey, String principal, VerifyingKey signer, String title,
            String lang, Instant published, String text, List<Quote> quotes, String signature, List<Quote> keyHistory) {
        this(station, stationName, stationKey, principal, signer, title, lang, published, text, quotes, signature, keyHistory,
                Optional.empty());
    }

    /** The same statement with its key history attested complete by the station ({@code key} is the station's). */
    public Statement attested(SigningKey key) {
        return new Statement(station, stationName, stationKey, principal, signer, title, lang, published, text, quotes, signature, keyHistory,
                Optional.of(Base64.getEncoder().encodeToString(key.sign(keysAttestation()))));
    }

    /** What the station signs: the statement's id, then the hash of every key history entry in order. */
    byte[] keysAttestation() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(KEYS_CONTEXT);
        field(out, id().bytes());
        out.writeBytes(ByteBuffer.allocate(4).putInt(keyHistory.size()).array());
        for (Quote quote : keyHistory) {
            field(out, quote.hash().bytes());
        }
        return out.toByteArray();
    }

    /** An entry as a reader can check it: its exact bytes, its signature, and its author's key. */
    public record Quote(String entry, String signature, VerifyingKey authorKey) {
        public Quote {
            requireNonNull(entry, "entry is null");
            requireNonNull(signature, "signature is null");
            requireNonNull(authorKey, "authorKey is null");
        }

        public static Quote of(SignedEntry signed, VerifyingKey authorKey) {
            return new Quote(signed.bytesBase64(), signed.signatureBase64(), authorKey);
        }

        public Hash hash() {
            return Hash.sha256(Base64.getDecoder().decode(entry));
        }
    }

    public Statement {
        requireNonNull(station, "station is null");
        requireNonNull(stationName, "stationName is null");
        requireNonNull(stationKey, "stationKey is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(signer, "signer is null");
        requireNonNull(title, "title is null");
        requireNonNull(lang, "lang is null");
        requireNonNull(published, "published is null");
        requireNonNull(text, "text is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(keysSignature, "keysSignature is null");
        quotes = List.copyOf(quotes);
        keyHistory = List.copyOf(keyHistory);
        published = published.truncatedTo(ChronoUnit.MILLIS);
        if (title.isBlank() || title.length() > 300) {
            throw new IllegalArgumentException("a statement's title is 1-300 characters");
        }
        if (text.isBlank() || text.length() > 100_000) {
            throw new IllegalArgumentException("a statement's text is 1-100000 characters");
        }
    }

    /** What the principal signs: the statement's fields and each quoted entry's hash and author key. */
    public static byte[] signedBytes(StationId station, String stationName, String principal, VerifyingKey signer, String title, String lang,
            Instant published, String text, List<Quote> quotes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CONTEXT);
        field(out, station.value());
        field(out, stationName);
        field(out, principal);
        field(out, signer.bytes());
        field(out, title);
        field(out, lang);
        field(out, published.truncatedTo(ChronoUnit.MILLIS).toString());
        field(out, text);
        out.writeBytes(ByteBuffer.allocate(4).putInt(quotes.size()).array());
        for (Quote quote : quotes) {
            field(out, quote.hash().bytes());
            field(out, quote.authorKey().bytes());
        }
        return out.toByteArray();
    }

    public byte[] signedBytes() {
        return signedBytes(station, stationName, principal, signer, title, lang, published, text, quotes);
    }

    /** The statement's identity: SHA-256 of what the principal signed. */
    public Hash id() {
        return Hash.sha256(signedBytes());
    }

    private static void field(ByteArrayOutputStream out, String text) {
        field(out, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /** The key and the time at which the statement was judged valid. */
    public record Report(Hash id, String principal, int keyGeneration, int quotes) {}

    /**
     * Checks everything offline: the station key against the station id, the key history's
     * signatures and rules, that the signing key was the principal's and not rotated out before
     * publication, each quote's signature against its author's key, and the principal's signature.
     */
    public Report verify() throws ProtocolException {
        if (!stationKey.stationId().equals(station)) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "the station key does not hash to the station id " + station.shortForm());
        }
        List<SignedEntry> history = new ArrayList<>();
        LineId line = null;
        for (int i = 0; i < keyHistory.size(); i++) {
            SignedEntry entry = parseQuote(keyHistory.get(i), "key history entry " + (i + 1));
            if (!entry.entry().author().equals(station) || !keyHistory.get(i).authorKey().equals(stationKey)) {
                throw new ProtocolException(Reason.WRONG_AUTHOR, "key history entry " + (i + 1) + " is not the station's own");
            }
            if (!(entry.entry().body() instanceof PrincipalKey key) || !key.name().equals(principal)) {
                throw new ProtocolException(Reason.MALFORMED, "key history entry " + (i + 1) + " is not a principal-key entry for " + principal);
            }
            if (line != null && !line.equals(entry.entry().line())) {
                throw new ProtocolException(Reason.WRONG_LINE, "the key history mixes lines");
            }
            line = entry.entry().line();
            history.add(entry);
        }
        history.sort(Comparator.comparingLong(signed -> signed.entry().seq()));
        PrincipalDirectory directory = PrincipalDirectory.fold(history.stream().map(SignedEntry::entry).toList());
        PrincipalDirectory.KeySpan span = directory.history(principal).stream().filter(s -> s.signing().equals(signer)).findFirst()
                .orElseThrow(() -> new ProtocolException(Reason.BAD_SIGNATURE, "signed with a key that was never announced for " + principal));
        if (span.untilSeq().isPresent()) {
            long until = span.untilSeq().getAsLong();
            Instant rotatedAt = history.stream().filter(s -> s.entry().seq() == until).findFirst().orElseThrow().entry().at();
            if (!rotatedAt.isAfter(published)) {
                throw new ProtocolException(Reason.BAD_SIGNATURE, "signed with a key of " + principal + " (generation " + span.generation()
                        + ") that was rotated out at " + rotatedAt + ", before the statement's date " + published);
            }
        }
        for (int i = 0; i < quotes.size(); i++) {
            Quote quote = quotes.get(i);
            SignedEntry entry = parseQuote(quote, "quote " + (i + 1));
            if (!quote.authorKey().stationId().equals(entry.entry().author())) {
                throw new ProtocolException(Reason.WRONG_AUTHOR, "quote " + (i + 1) + ": the key given is not the key of the entry's author");
            }
        }
        if (!signer.verify(signedBytes(), Base64.getDecoder().decode(signature))) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "the principal's signature does not verify: the statement was changed after "
                    + principal + " signed it, or " + principal + " never signed it");
        }
        if (keysSignature.isEmpty()) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "the station has not attested that the key history of " + principal
                    + " is complete, so a rotation left out of it would not show");
        }
        byte[] attestation;
        try {
            attestation = Base64.getDecoder().decode(keysSignature.get());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, "keysSignature is not base64");
        }
        if (!stationKey.verify(keysAttestation(), attestation)) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "the key history of " + principal + " is not the one the station attested as"
                    + " complete: an entry was left out (a rotation?), added or reordered");
        }
        return new Report(id(), principal, span.generation(), quotes.size());
    }

    static SignedEntry parseQuote(Quote quote, String what) throws ProtocolException {
        byte[] bytes;
        byte[] signature;
        try {
            bytes = Base64.getDecoder().decode(quote.entry());
            signature = Base64.getDecoder().decode(quote.signature());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, what + " is not base64");
        }
        if (!quote.authorKey().verify(bytes, signature)) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, what + ": the entry's signature does not verify: the quoted entry was edited,"
                    + " or is not its author's");
        }
        try {
            return SignedEntry.parse(bytes, signature);
        } catch (ProtocolException e) {
            throw new ProtocolException(e.reason(), what + ": " + e.getMessage());
        }
    }

    // --- The document -------------------------------------------------------------------------

    public byte[] encode() {
        return StrictJson.write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", KIND);
            generator.writeNumberField("v", 1);
            generator.writeStringField("id", id().hex());
            generator.writeStringField("station", station.value());
            generator.writeStringField("stationName", stationName);
            generator.writeStringField("stationKey", stationKey.base64());
            generator.writeStringField("principal", principal);
            generator.writeStringField("signer", signer.base64());
            generator.writeStringField("title", title);
            generator.writeStringField("lang", lang);
            generator.writeStringField("published", published.toString());
            generator.writeStringField("text", text);
            generator.writeArrayFieldStart("quotes");
            for (Quote quote : quotes) {
                writeQuote(generator, quote);
            }
            generator.writeEndArray();
            generator.writeStringField("signature", signature);
            generator.writeArrayFieldStart("keyHistory");
            for (Quote entry : keyHistory) {
                writeQuote(generator, entry);
            }
            generator.writeEndArray();
            if (keysSignature.isPresent()) {
                generator.writeStringField("keysSignature", keysSignature.get());
            }
            generator.writeEndObject();
        });
    }

    private static void writeQuote(com.fasterxml.jackson.core.JsonGenerator generator, Quote quote) throws java.io.IOException {
        generator.writeStartObject();
        generator.writeStringField("entry", quote.entry());
        generator.writeStringField("signature", quote.signature());
        generator.writeStringField("authorKey", quote.authorKey().base64());
        generator.writeEndObject();
    }

    /** True if the bytes are a statement document (they say so in {@code kind}). */
    public static boolean isStatement(byte[] bytes) {
        try {
            return KIND.equals(StrictJson.readObject(bytes, "document", MAX_BYTES).path("kind").asText());
        } catch (ProtocolException e) {
            return false;
        }
    }

    /** Decodes and verifies a document, and checks that its declared id is the hash of what was signed. */
    public static Report verifyDocument(byte[] bytes) throws ProtocolException {
        Statement statement = decode(bytes);
        Report report = statement.verify();
        String declared = StrictJson.readObject(bytes, "statement", MAX_BYTES).path("id").asText();
        if (!report.id().hex().equals(declared)) {
            throw new ProtocolException(Reason.MALFORMED, "the statement's id is not the hash of what was signed");
        }
        return report;
    }

    /** Decodes a document; {@link #verify()} checks it. */
    public static Statement decode(byte[] bytes) throws ProtocolException {
        String what = "statement";
        ObjectNode node = StrictJson.readObject(bytes, what, MAX_BYTES);
        StrictJson.onlyFields(node, Set.of("kind", "v", "id", "station", "stationName", "stationKey", "principal", "signer", "title", "lang",
                "published", "text", "quotes", "signature", "keyHistory", "keysSignature"), what);
        if (!KIND.equals(StrictJson.text(node, "kind", what)) || StrictJson.positiveLong(node, "v", what) != 1) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION, "not a version 1 hotline statement");
        }
        try {
            return new Statement(StrictJson.stationId(node, "station", what), StrictJson.text(node, "stationName", what),
                    VerifyingKey.of(StrictJson.base64(node, "stationKey", what)), StrictJson.text(node, "principal", what),
                    VerifyingKey.of(StrictJson.base64(node, "signer", what)), StrictJson.text(node, "title", what),
                    StrictJson.text(node, "lang", what), StrictJson.instant(node, "published", what), StrictJson.text(node, "text", what),
                    quotes(node, "quotes"), StrictJson.text(node, "signature", what), quotes(node, "keyHistory"),
                    node.has("keysSignature") ? Optional.of(StrictJson.text(node, "keysSignature", what)) : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, what + ": " + e.getMessage());
        }
    }

    private static List<Quote> quotes(ObjectNode node, String field) throws ProtocolException {
        JsonNode array = StrictJson.required(node, field, "statement");
        if (!array.isArray()) {
            throw new ProtocolException(Reason.MALFORMED, "statement field '" + field + "' is not an array");
        }
        List<Quote> quotes = new ArrayList<>();
        for (JsonNode item : array) {
            if (!(item instanceof ObjectNode object)) {
                throw new ProtocolException(Reason.MALFORMED, "statement field '" + field + "' holds a non-object");
            }
            String what = "statement " + field;
            StrictJson.onlyFields(object, Set.of("entry", "signature", "authorKey"), what);
            quotes.add(new Quote(StrictJson.text(object, "entry", what), StrictJson.text(object, "signature", what),
                    VerifyingKey.of(StrictJson.base64(object, "authorKey", what))));
        }
        return quotes;
    }
}
