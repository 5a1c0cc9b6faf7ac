package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * A line's transcript as one self-contained file for auditors: both stations' keys, every entry
 * of both authors in the exporting station's order, the heads it held, and the receipts it was
 * given. {@link #verify} checks it with nothing else: keys against ids, every signature, seq and
 * prev, that every {@code seen} names an earlier entry of the other author, equivocation, the
 * declared heads, and every receipt. Pure, like the rest of this package.
 *
 * <p>The header (line, and each party's id, name, key and head) is signed by the exporting
 * station, one of the two: a party's name is in no entry, so without that signature anyone could
 * rename a party in a bundle that still verified. The verifier says whose word each name is.
 * Format 1 had no such signature and is refused.
 */
public record TranscriptBundle(
        LineId line, List<Party> parties, List<SignedEntry> entries, List<SignedReceipt> receipts, StationId exporter, String signature) {
    public static final String FORMAT = "hotline-transcript-bundle/2";
    private static final byte[] HEADER_CONTEXT = "hotline transcript-bundle header v2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A station of the line: its id, name and key, and the head of its chain the exporter held. */
    public record Party(StationId id, String name, VerifyingKey key, Head head) {
        public Party {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
            requireNonNull(key, "key is null");
            requireNonNull(head, "head is null");
        }
    }

    /** What a successful verification found; {@code exporter} signed the header, so every name is its word. */
    public record Report(LineId line, Map<StationId, Head> heads, int entries, int receipts, StationId exporter, Map<StationId, String> names) {}

    /** A bundle whose header {@code exporter} signs; the exporter must be one of the parties. */
    public static TranscriptBundle signed(LineId line, List<Party> parties, List<SignedEntry> entries, List<SignedReceipt> receipts,
            SigningKey exporter) {
        byte[] header = header(line, parties);
        return new TranscriptBundle(line, parties, entries, receipts, exporter.verifyingKey().stationId(),
                Base64.getEncoder().encodeToString(exporter.sign(header)));
    }

    /** The bytes the exporter signs: every party's id, name, key and head, length-prefixed, on this line. */
    static byte[] header(LineId line, List<Party> parties) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(HEADER_CONTEXT);
        field(out, line.value());
        for (Party party : parties) {
            field(out, party.id().value());
            field(out, party.name());
            field(out, party.key().base64());
            field(out, Long.toString(party.head().seq()));
            field(out, party.head().hash().map(Hash::hex).orElse(""));
        }
        return out.toByteArray();
    }

    private static void field(java.io.ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    public TranscriptBundle {
        requireNonNull(line, "line is null");
        requireNonNull(exporter, "exporter is null");
        requireNonNull(signature, "signature is null");
        parties = List.copyOf(parties);
        entries = List.copyOf(entries);
        receipts = List.copyOf(receipts);
    }

    public byte[] encode() {
        return StrictJson.write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("format", FORMAT);
            generator.writeStringField("line", line.value());
            generator.writeStringField("exporter", exporter.value());
            generator.writeStringField("signature", signature);
            generator.writeArrayFieldStart("parties");
            for (Party party : parties) {
                generator.writeStartObject();
                generator.writeStringField("id", party.id().value());
                generator.writeStringField("name", party.name());
                generator.writeStringField("key", party.key().base64());
                StrictJson.writeHead(generator, "head", party.head());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("entries");
            for (SignedEntry entry : entries) {
                signed(generator, entry.bytesBase64(), entry.signatureBase64());
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("receipts");
            for (SignedReceipt receipt : receipts) {
                signed(generator, receipt.bytesBase64(), receipt.signatureBase64());
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    private static void signed(JsonGenerator generator, String bytes, String signature) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("bytes", bytes);
        generator.writeStringField("sig", signature);
        generator.writeEndObject();
    }

    /** Parses a bundle; {@link #verify} then checks it. */
    public static TranscriptBundle decode(byte[] bytes) throws ProtocolException {
        ObjectNode node = StrictJson.readObject(bytes, "bundle", Integer.MAX_VALUE);
        String what = "bundle";
        if ("hotline-transcript-bundle/1".equals(node.path("format").textValue())) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION, "a hotline-transcript-bundle/1 file: its party names are signed by"
                    + " nobody; export the line again for a " + FORMAT + " file");
        }
        StrictJson.onlyFields(node, Set.of("format", "line", "exporter", "signature", "parties", "entries", "receipts"), what);
        if (!FORMAT.equals(StrictJson.text(node, "format", what))) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION, "not a " + FORMAT + " file");
        }
        LineId line = StrictJson.lineId(node, "line", what);
        StationId exporter = StrictJson.stationId(node, "exporter", what);
        StrictJson.base64(node, "signature", what);
        String signature = StrictJson.text(node, "signature", what);
        List<Party> parties = new ArrayList<>();
        for (JsonNode item : array(node, "parties")) {
            ObjectNode party = object(item, "party");
            StrictJson.onlyFields(party, Set.of("id", "name", "key", "head"), "party");
            VerifyingKey key;
            try {
                key = VerifyingKey.fromBase64(StrictJson.text(party, "key", "party"));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(Reason.MALFORMED, "party key: " + e.getMessage());
            }
            parties.add(new Party(StrictJson.stationId(party, "id", "party"), StrictJson.text(party, "name", "party"), key,
                    StrictJson.head(party, "head", "party")));
        }
        List<SignedEntry> entries = new ArrayList<>();
        int number = 0;
        for (JsonNode item : array(node, "entries")) {
            ObjectNode entry = object(item, "entry");
            String where = "entry " + ++number + " of the bundle"; // counted from 1, as a reader counts
            StrictJson.onlyFields(entry, Set.of("bytes", "sig"), where);
            try {
                entries.add(SignedEntry.parseBase64(StrictJson.text(entry, "bytes", where), StrictJson.text(entry, "sig", where)));
            } catch (ProtocolException e) {
                throw new ProtocolException(e.reason(), where + ": " + e.getMessage());
            }
        }
        List<SignedReceipt> receipts = new ArrayList<>();
        for (JsonNode item : array(node, "receipts")) {
            ObjectNode receipt = object(item, "receipt");
            StrictJson.onlyFields(receipt, Set.of("bytes", "sig"), "receipt");
            receipts.add(SignedReceipt.parseBase64(StrictJson.text(receipt, "bytes", "receipt"), StrictJson.text(receipt, "sig", "receipt")));
        }
        return new TranscriptBundle(line, parties, entries, receipts, exporter, signature);
    }

    private static JsonNode array(ObjectNode node, String field) throws ProtocolException {
        JsonNode value = StrictJson.required(node, field, "bundle");
        if (!value.isArray()) {
            throw new ProtocolException(Reason.MALFORMED, "bundle field '" + field + "' must be an array");
        }
        return value;
    }

    private static ObjectNode object(JsonNode node, String what) throws ProtocolException {
        if (!node.isObject()) {
            throw new ProtocolException(Reason.MALFORMED, what + " must be an object");
        }
        return (ObjectNode) node;
    }

    /** Verifies everything the bundle claims; throws with the first thing that is wrong. */
    public Report verify() throws ProtocolException {
        if (parties.size() != 2 || parties.get(0).id().equals(parties.get(1).id())) {
            throw new ProtocolException(Reason.MALFORMED, "a line has exactly two stations");
        }
        Map<StationId, Party> byId = new HashMap<>();
        for (Party party : parties) {
            if (!party.key().stationId().equals(party.id())) {
                throw new ProtocolException(Reason.BAD_SIGNATURE, "the key given for " + party.id().shortForm() + " hashes to another station id");
            }
            byId.put(party.id(), party);
        }
        Party exporting = byId.get(exporter);
        if (exporting == null) {
            throw new ProtocolException(Reason.WRONG_AUTHOR, "the bundle is signed by " + exporter.shortForm() + ", not by a station of the line");
        }
        if (!exporting.key().verify(header(line, parties), Base64.getDecoder().decode(signature))) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "the bundle's header (the stations' names, keys and heads) was changed after "
                    + "the station " + exporter.shortForm() + " exported it, or it never did");
        }
        Map<StationId, List<SignedEntry>> chains = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        for (int position = 0; position < entries.size(); position++) {
            SignedEntry signed = entries.get(position);
            Entry entry = signed.entry();
            String name = "entry " + entry.author().shortForm() + "#" + entry.seq() + " (position " + position + ")";
            Party author = byId.get(entry.author());
            if (author == null) {
                throw new ProtocolException(Reason.WRONG_AUTHOR, name + " is by a station that is not on this line");
            }
            if (!entry.line().equals(line)) {
                throw new ProtocolException(Reason.WRONG_LINE, name + " is for another line");
            }
            List<SignedEntry> chain = chains.computeIfAbsent(entry.author(), id -> new ArrayList<>());
            for (SignedEntry earlier : chain) {
                if (earlier.entry().seq() == entry.seq()) {
                    throw new ProtocolException(earlier.hash().equals(signed.hash()) ? Reason.SEQ_GAP : Reason.EQUIVOCATION,
                            earlier.hash().equals(signed.hash()) ? name + " appears twice"
                                    : name + ": two different entries with one seq (equivocation)");
                }
            }
            long expected = chain.size() + 1;
            if (entry.seq() != expected) {
                throw new ProtocolException(Reason.SEQ_GAP, name + " comes where #" + expected + " of its author should");
            }
            signed.verifySignature(author.key());
            if (!entry.seen().isEmpty()) {
                StationId other = otherThan(entry.author());
                Integer seenAt = positions.get(key(other, entry.seen().seq()));
                if (seenAt == null) {
                    throw new ProtocolException(Reason.BAD_SEEN, name + " has seen #" + entry.seen().seq()
                            + " of the other station, which does not come before it in the bundle");
                }
                SignedEntry seen = entries.get(seenAt);
                if (!entry.seen().hash().equals(Optional.of(seen.hash()))) {
                    throw new ProtocolException(Reason.BAD_SEEN, name + " has seen a different #" + entry.seen().seq() + " than the bundle holds");
                }
            }
            chain.add(signed);
            positions.put(key(entry.author(), entry.seq()), position);
        }
        Map<StationId, Head> heads = new HashMap<>();
        for (Party party : parties) {
            Head head = ChainAudit.verify(line, party.key(), chains.getOrDefault(party.id(), List.of()));
            if (!head.equals(party.head())) {
                throw new ProtocolException(Reason.SEQ_GAP, "the chain of " + party.id().shortForm() + " ends at " + head
                        + " but the bundle says its head is " + party.head());
            }
            heads.put(party.id(), head);
        }
        for (SignedReceipt receipt : receipts) {
            Receipt body = receipt.receipt();
            Party signer = byId.get(body.by());
            if (signer == null || !byId.containsKey(body.of()) || body.by().equals(body.of())) {
                throw new ProtocolException(Reason.BAD_RECEIPT, "a receipt names stations that are not this line's");
            }
            Integer at = positions.get(key(body.of(), body.head().seq()));
            if (at == null) {
                throw new ProtocolException(Reason.BAD_RECEIPT, "a receipt acknowledges #" + body.head().seq() + " which the bundle lacks");
            }
            receipt.verify(signer.key(), line, body.of(), entries.get(at).head());
        }
        Map<StationId, String> names = new java.util.LinkedHashMap<>();
        for (Party party : parties) {
            names.put(party.id(), party.name());
        }
        return new Report(line, heads, entries.size(), receipts.size(), exporter, names);
    }

    private StationId otherThan(StationId author) {
        return parties.get(0).id().equals(author) ? parties.get(1).id() : parties.get(0).id();
    }

    private static String key(StationId author, long seq) {
        return author.value() + "#" + seq;
    }
}
