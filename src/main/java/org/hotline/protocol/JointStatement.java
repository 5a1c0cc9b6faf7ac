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
 * A joint statement as published on both sides' feeds: the {@code statement-draft} entry and, for
 * each of the two stations, its key, its {@code cosign} entry and the co-signing principal's key
 * history on the line. Everything is an entry with its exact bytes and signature, so a reader
 * checks it offline; the title, language and text are read from the draft entry itself.
 */
public record JointStatement(Quote draft, List<Party> parties) {
    public static final String KIND = "hotline-joint-statement";

    /** One side: its station's name and key, its principal's co-signature entry and key history. */
    public record Party(String stationName, VerifyingKey stationKey, Quote cosign, List<Quote> keyHistory) {
        public Party {
            requireNonNull(stationName, "stationName is null");
            requireNonNull(stationKey, "stationKey is null");
            requireNonNull(cosign, "cosign is null");
            keyHistory = List.copyOf(keyHistory);
        }
    }

    public JointStatement {
        requireNonNull(draft, "draft is null");
        parties = List.copyOf(parties);
    }

    /** What a reader learns once it is valid. */
    public record Report(Hash textHash, LineId line, StatementDraft text, List<String> signers, java.time.Instant cosigned) {}

    public Report verify() throws ProtocolException {
        SignedEntry draftEntry = Statement.parseQuote(draft, "the draft");
        if (!draft.authorKey().stationId().equals(draftEntry.entry().author())) {
            throw new ProtocolException(Reason.WRONG_AUTHOR, "the draft: the key given is not the key of the entry's author");
        }
        if (!(draftEntry.entry().body() instanceof StatementDraft text)) {
            throw new ProtocolException(Reason.MALFORMED, "the draft is not a statement-draft entry");
        }
        LineId line = draftEntry.entry().line();
        Hash textHash = text.textHash(line);
        if (parties.size() != 2 || parties.get(0).stationKey().equals(parties.get(1).stationKey())) {
            throw new ProtocolException(Reason.MALFORMED, "a joint statement has two parties, one for each side of the line");
        }
        if (parties.stream().noneMatch(party -> party.stationKey().stationId().equals(draftEntry.entry().author()))) {
            throw new ProtocolException(Reason.WRONG_AUTHOR, "the draft was written by neither party");
        }
        List<String> signers = new ArrayList<>();
        java.time.Instant last = java.time.Instant.EPOCH;
        for (Party party : parties) {
            StationId station = party.stationKey().stationId();
            String who = party.stationName() + " (" + station.shortForm() + ")";
            SignedEntry cosignEntry = Statement.parseQuote(party.cosign(), "the co-signature of " + who);
            if (!cosignEntry.entry().author().equals(station) || !party.cosign().authorKey().equals(party.stationKey())) {
                throw new ProtocolException(Reason.WRONG_AUTHOR, "the co-signature of " + who + " is not that station's entry");
            }
            if (!(cosignEntry.entry().body() instanceof Cosign cosign)) {
                throw new ProtocolException(Reason.MALFORMED, "the co-signature of " + who + " is not a cosign entry");
            }
            if (!cosignEntry.entry().line().equals(line)) {
                throw new ProtocolException(Reason.WRONG_LINE, "the co-signature of " + who + " is on another line than the draft");
            }
            if (!cosign.draft().equals(draftEntry.hash()) || !cosign.textHash().equals(textHash)) {
                throw new ProtocolException(Reason.BAD_SIGNATURE, cosign.principal() + " of " + who + " co-signed another text than this one");
            }
            if (!cosign.verifies()) {
                throw new ProtocolException(Reason.BAD_SIGNATURE, "the co-signature of " + cosign.principal() + " of " + who + " does not verify");
            }
            List<SignedEntry> history = new ArrayList<>();
            for (int i = 0; i < party.keyHistory().size(); i++) {
                Quote quote = party.keyHistory().get(i);
                SignedEntry entry = Statement.parseQuote(quote, "key history of " + who + ", entry " + (i + 1));
                if (!entry.entry().author().equals(station) || !quote.authorKey().equals(party.stationKey()) || !entry.entry().line().equals(line)
                        || !(entry.entry().body() instanceof PrincipalKey key) || !key.name().equals(cosign.principal())) {
                    throw new ProtocolException(Reason.WRONG_AUTHOR, "key history of " + who + ", entry " + (i + 1)
                            + " is not that station's principal-key entry for " + cosign.principal() + " on the line");
                }
                history.add(entry);
            }
            history.sort(Comparator.comparingLong(signed -> signed.entry().seq()));
            PrincipalDirectory directory = PrincipalDirectory.fold(history.stream().map(SignedEntry::entry).toList());
            // Complete up to the co-signature: it ends at the key entry the station named in the
            // cosign entry, and each entry follows from the one before (see Cosign).
            if (cosign.keys().isEmpty()) {
                throw new ProtocolException(Reason.BAD_SIGNATURE, "the co-signature of " + cosign.principal() + " of " + who
                        + " names no key entry to end its key history at, so a rotation left out of it would not show");
            }
            List<SignedEntry> before = history.stream().filter(signed -> signed.entry().seq() < cosignEntry.entry().seq()).toList();
            if (before.isEmpty() || !before.getLast().hash().equals(cosign.keys().get())) {
                throw new ProtocolException(Reason.BAD_SIGNATURE, "the key history of " + cosign.principal() + " of " + who
                        + " does not end at the key entry its co-signature names: an entry was left out (a rotation?)");
            }
            List<PrincipalDirectory.Refused> refused = PrincipalDirectory.fold(before.stream().map(SignedEntry::entry).toList()).refused();
            if (!refused.isEmpty()) {
                throw new ProtocolException(Reason.BAD_SIGNATURE, "the key history of " + cosign.principal() + " of " + who
                        + " breaks the rotation rules at #" + refused.getFirst().seq() + " (an entry left out?): " + refused.getFirst().reason());
            }
            switch (directory.keyAt(cosign.principal(), cosign.key(), cosignEntry.entry().seq())) {
                case PrincipalDirectory.Valid valid -> signers.add(cosign.principal() + " (" + party.stationName() + ", key generation "
                        + valid.span().generation() + ")");
                case PrincipalDirectory.Invalid invalid -> throw new ProtocolException(Reason.BAD_SIGNATURE, "the co-signature of "
                        + cosign.principal() + " of " + who + " is " + invalid.reason());
            }
            if (cosignEntry.entry().at().isAfter(last)) {
                last = cosignEntry.entry().at();
            }
        }
        return new Report(textHash, line, text, signers, last);
    }

    public byte[] encode() throws ProtocolException {
        Report report = verify();
        return StrictJson.write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", KIND);
            generator.writeNumberField("v", 1);
            generator.writeStringField("id", report.textHash().hex());
            generator.writeObjectFieldStart("draft");
            quote(generator, draft);
            generator.writeEndObject();
            generator.writeArrayFieldStart("parties");
            for (Party party : parties) {
                generator.writeStartObject();
                generator.writeStringField("stationName", party.stationName());
                generator.writeStringField("stationKey", party.stationKey().base64());
                generator.writeObjectFieldStart("cosign");
                quote(generator, party.cosign());
                generator.writeEndObject();
                generator.writeArrayFieldStart("keyHistory");
                for (Quote entry : party.keyHistory()) {
                    generator.writeStartObject();
                    quote(generator, entry);
                    generator.writeEndObject();
                }
                generator.writeEndArray();
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    private static void quote(com.fasterxml.jackson.core.JsonGenerator generator, Quote quote) throws java.io.IOException {
        generator.writeStringField("entry", quote.entry());
        generator.writeStringField("signature", quote.signature());
        generator.writeStringField("authorKey", quote.authorKey().base64());
    }

    public static boolean isJointStatement(byte[] bytes) {
        try {
            return KIND.equals(StrictJson.readObject(bytes, "document", Statement.MAX_BYTES).path("kind").asText());
        } catch (ProtocolException e) {
            return false;
        }
    }

    public static JointStatement decode(byte[] bytes) throws ProtocolException {
        String what = "joint statement";
        ObjectNode node = StrictJson.readObject(bytes, what, Statement.MAX_BYTES);
        StrictJson.onlyFields(node, Set.of("kind", "v", "id", "draft", "parties"), what);
        if (!KIND.equals(StrictJson.text(node, "kind", what)) || StrictJson.positiveLong(node, "v", what) != 1) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION, "not a version 1 hotline joint statement");
        }
        Quote draft = quote(StrictJson.object(node, "draft", what), what + " draft");
        JsonNode parties = StrictJson.required(node, "parties", what);
        List<Party> list = new ArrayList<>();
        for (JsonNode item : parties) {
            if (!(item instanceof ObjectNode party)) {
                throw new ProtocolException(Reason.MALFORMED, what + ": a party is not an object");
            }
            StrictJson.onlyFields(party, Set.of("stationName", "stationKey", "cosign", "keyHistory"), what + " party");
            List<Quote> history = new ArrayList<>();
            for (JsonNode entry : StrictJson.required(party, "keyHistory", what)) {
                if (!(entry instanceof ObjectNode object)) {
                    throw new ProtocolException(Reason.MALFORMED, what + ": a key history entry is not an object");
                }
                history.add(quote(object, what + " key history"));
            }
            try {
                list.add(new Party(StrictJson.text(party, "stationName", what), VerifyingKey.of(StrictJson.base64(party, "stationKey", what)),
                        quote(StrictJson.object(party, "cosign", what), what + " cosign"), history));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(Reason.MALFORMED, what + ": " + e.getMessage());
            }
        }
        JointStatement statement = new JointStatement(draft, list);
        return statement;
    }

    /** Decodes, verifies, and checks the declared id is the text hash. */
    public static Report verifyDocument(byte[] bytes) throws ProtocolException {
        Report report = decode(bytes).verify();
        if (!report.textHash().hex().equals(StrictJson.readObject(bytes, "joint statement", Statement.MAX_BYTES).path("id").asText())) {
            throw new ProtocolException(Reason.MALFORMED, "the joint statement's id is not its text hash");
        }
        return report;
    }

    private static Quote quote(ObjectNode node, String what) throws ProtocolException {
        StrictJson.onlyFields(node, Set.of("entry", "signature", "authorKey"), what);
        try {
            return new Quote(StrictJson.text(node, "entry", what), StrictJson.text(node, "signature", what),
                    VerifyingKey.of(StrictJson.base64(node, "authorKey", what)));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, what + ": " + e.getMessage());
        }
    }
}
