package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.hotline.protocol.ProtocolException.Reason;
import org.hotline.protocol.Statement.Quote;

/**
 * A letter's envelope as anyone can check it offline without opening the letter: the {@code letter}
 * entry with its bytes, signature and author key, and the writing station's {@code principal-key}
 * entries for the writer on the same line. It proves who wrote to whom and when, sealed to which key,
 * and that the writer's key was valid at that point; the text stays sealed.
 */
public record LetterEnvelope(Quote letter, List<Quote> keyHistory) {
    public static final String KIND = "hotline-letter-envelope";
    /** The fields of a bare quoted entry, as {@code GET /api/v1/lines/{line}/quote} answers. */
    private static final Set<String> QUOTE_FIELDS = Set.of("entry", "signature", "authorKey", "hash");

    public LetterEnvelope {
        requireNonNull(letter, "letter is null");
        keyHistory = List.copyOf(keyHistory);
    }

    public record Report(SignedEntry entry, Letter letter, int keyGeneration) {}

    public Report verify() throws ProtocolException {
        SignedEntry entry = Statement.parseQuote(letter, "the letter");
        if (!letter.authorKey().stationId().equals(entry.entry().author())) {
            throw new ProtocolException(Reason.WRONG_AUTHOR, "the letter: the key given is not the key of the entry's author");
        }
        if (!(entry.entry().body() instanceof Letter body)) {
            throw new ProtocolException(Reason.MALFORMED, "the entry is not a letter");
        }
        List<Entry> history = new ArrayList<>();
        for (int i = 0; i < keyHistory.size(); i++) {
            Quote quote = keyHistory.get(i);
            SignedEntry key = Statement.parseQuote(quote, "key history entry " + (i + 1));
            if (!key.entry().author().equals(entry.entry().author()) || !quote.authorKey().equals(letter.authorKey())
                    || !key.entry().line().equals(entry.entry().line()) || !(key.entry().body() instanceof PrincipalKey principal)
                    || !principal.name().equals(body.from())) {
                throw new ProtocolException(Reason.WRONG_AUTHOR, "key history entry " + (i + 1) + " is not the writing station's principal-key"
                        + " entry for " + body.from() + " on the letter's line");
            }
            history.add(key.entry());
        }
        history.sort(Comparator.comparingLong(Entry::seq));
        // Complete up to the letter: it ends at the key entry the station named in the letter
        // entry, and each entry follows from the one before by the rotation rules.
        if (body.keys().isEmpty()) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "the letter entry names no key entry to end the key history of " + body.from()
                    + " at, so a rotation left out of it would not show");
        }
        List<Entry> before = history.stream().filter(e -> e.seq() < entry.entry().seq()).toList();
        int last = -1;
        for (int i = 0; i < keyHistory.size(); i++) {
            SignedEntry key = Statement.parseQuote(keyHistory.get(i), "key history entry " + (i + 1));
            if (key.hash().equals(body.keys().get())) {
                last = i;
            }
        }
        if (last < 0 || before.isEmpty() || Statement.parseQuote(keyHistory.get(last), "key history entry").entry().seq() != before.getLast().seq()) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "the key history of " + body.from()
                    + " does not end at the key entry the letter entry names: an entry was left out (a rotation?)");
        }
        List<PrincipalDirectory.Refused> refused = PrincipalDirectory.fold(before).refused();
        if (!refused.isEmpty()) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "the key history of " + body.from() + " breaks the rotation rules at #"
                    + refused.getFirst().seq() + " (an entry left out?): " + refused.getFirst().reason());
        }
        return switch (PrincipalDirectory.fold(history).keyAt(body.from(), body.signer(), entry.entry().seq())) {
            case PrincipalDirectory.Valid valid -> new Report(entry, body, valid.span().generation());
            case PrincipalDirectory.Invalid invalid -> throw new ProtocolException(Reason.BAD_SIGNATURE, "the letter is " + invalid.reason());
        };
    }

    public byte[] encode() {
        return StrictJson.write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", KIND);
            generator.writeNumberField("v", 1);
            generator.writeObjectFieldStart("letter");
            write(generator, letter);
            generator.writeEndObject();
            generator.writeArrayFieldStart("keyHistory");
            for (Quote quote : keyHistory) {
                generator.writeStartObject();
                write(generator, quote);
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    private static void write(com.fasterxml.jackson.core.JsonGenerator generator, Quote quote) throws java.io.IOException {
        generator.writeStringField("entry", quote.entry());
        generator.writeStringField("signature", quote.signature());
        generator.writeStringField("authorKey", quote.authorKey().base64());
    }

    public static boolean isEnvelope(byte[] bytes) {
        try {
            return KIND.equals(StrictJson.readObject(bytes, "document", Statement.MAX_BYTES).path("kind").asText());
        } catch (ProtocolException e) {
            return false;
        }
    }

    public static LetterEnvelope decode(byte[] bytes) throws ProtocolException {
        String what = "letter envelope";
        ObjectNode node = StrictJson.readObject(bytes, what, Statement.MAX_BYTES);
        StrictJson.onlyFields(node, Set.of("kind", "v", "letter", "keyHistory"), what);
        if (!KIND.equals(StrictJson.text(node, "kind", what)) || StrictJson.positiveLong(node, "v", what) != 1) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION, "not a version 1 hotline letter envelope");
        }
        List<Quote> history = new ArrayList<>();
        for (JsonNode item : StrictJson.required(node, "keyHistory", what)) {
            if (!(item instanceof ObjectNode object)) {
                throw new ProtocolException(Reason.MALFORMED, what + ": a key history entry is not an object");
            }
            history.add(quote(object, what));
        }
        return new LetterEnvelope(quote(StrictJson.object(node, "letter", what), what), history);
    }

    /** True if the bytes are one quoted entry: entry, signature, authorKey (and perhaps hash), nothing else. */
    public static boolean isQuote(byte[] bytes) {
        try {
            ObjectNode node = StrictJson.readObject(bytes, "document", Statement.MAX_BYTES);
            StrictJson.onlyFields(node, QUOTE_FIELDS, "quote");
            return node.has("entry") && node.has("signature") && node.has("authorKey");
        } catch (ProtocolException e) {
            return false;
        }
    }

    /** Checks one quoted entry offline: its signature under the key given, and that the key is its author's. */
    public static SignedEntry verifyQuote(byte[] bytes) throws ProtocolException {
        ObjectNode node = StrictJson.readObject(bytes, "quote", Statement.MAX_BYTES);
        StrictJson.onlyFields(node, QUOTE_FIELDS, "quote");
        Quote quote = quote(node, "quote");
        SignedEntry entry = Statement.parseQuote(quote, "the quote");
        if (!quote.authorKey().stationId().equals(entry.entry().author())) {
            throw new ProtocolException(Reason.WRONG_AUTHOR, "the quote: the key given is not the key of the entry's author");
        }
        if (node.has("hash") && !entry.hash().hex().equals(StrictJson.text(node, "hash", "quote"))) {
            throw new ProtocolException(Reason.MALFORMED, "the quote's hash is not the hash of its bytes");
        }
        return entry;
    }

    private static Quote quote(ObjectNode node, String what) throws ProtocolException {
        try {
            return new Quote(StrictJson.text(node, "entry", what), StrictJson.text(node, "signature", what),
                    VerifyingKey.of(StrictJson.base64(node, "authorKey", what)));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, what + ": " + e.getMessage());
        }
    }
}
