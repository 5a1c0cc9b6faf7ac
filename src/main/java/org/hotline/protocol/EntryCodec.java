package org.hotline.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.hotline.protocol.ProtocolException.Reason;

/**
 * Entries to and from their exact bytes. The author serialises once; everybody else only parses.
 * Field order on the wire: v, line, author, seq, prev, seen, at, type, body.
 */
public final class EntryCodec {
    public static final int MAX_ENTRY_BYTES = 64 * 1024;
    private static final Set<String> FIELDS = Set.of("v", "line", "author", "seq", "prev", "seen", "at", "type", "body");
    private static final Set<String> MESSAGE_FIELDS = Set.of("text", "priority", "lang");
    private static final String WHAT = "entry";

    private EntryCodec() {}

    public static byte[] encode(Entry entry) throws ProtocolException {
        byte[] bytes = StrictJson.write(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("v", entry.version());
            generator.writeStringField("line", entry.line().value());
            generator.writeStringField("author", entry.author().value());
            generator.writeNumberField("seq", entry.seq());
            if (entry.prev().isPresent()) {
                generator.writeStringField("prev", entry.prev().get().hex());
            } else {
                generator.writeNullField("prev");
            }
            StrictJson.writeHead(generator, "seen", entry.seen());
            generator.writeStringField("at", entry.at().truncatedTo(ChronoUnit.MILLIS).toString());
            generator.writeStringField("type", entry.body().type());
            generator.writeFieldName("body");
            generator.writeStartObject();
            writeBody(generator, entry.body());
            generator.writeEndObject();
            generator.writeEndObject();
        });
        if (bytes.length > MAX_ENTRY_BYTES) {
            throw new ProtocolException(
                    Reason.TOO_LARGE, "entry is " + bytes.length + " bytes; the limit is " + MAX_ENTRY_BYTES);
        }
        return bytes;
    }

    /** A body alone, as JSON bytes: for drafts that wait, unsigned, while a line is suspended. */
    public static byte[] encodeBody(Body body) {
        return StrictJson.write(generator -> {
            generator.writeStartObject();
            writeBody(generator, body);
            generator.writeEndObject();
        });
    }

    public static Body decodeBody(String type, byte[] bytes) throws ProtocolException {
        return decodeBody(type, StrictJson.readObject(bytes, type + " body"));
    }

    private static void writeBody(com.fasterxml.jackson.core.JsonGenerator generator, Body body) throws java.io.IOException {
        switch (body) {
            case Message message -> {
                generator.writeStringField("text", message.text());
                generator.writeStringField("priority", message.priority().wireName());
                generator.writeStringField("lang", message.lang());
            }
            case Call call -> {
                generator.writeStringField("kind", call.kind().wireName());
                generator.writeStringField("scheduled", call.scheduled().toString());
                generator.writeNumberField("window", call.window().toSeconds());
            }
            case Answer answer -> {
                generator.writeNumberField("call", answer.call());
                generator.writeStringField("by", answer.by());
                generator.writeNumberField("latencyMs", answer.latencyMillis());
            }
            case Missed missed -> generator.writeNumberField("call", missed.call());
            case Suspend suspend -> {
                generator.writeBooleanField("announced", suspend.announced());
                generator.writeStringField("reason", suspend.reason());
            }
            case RestoreProposal proposal -> generator.writeStringField("note", proposal.note());
            case RestoreAccept accept -> generator.writeNumberField("proposal", accept.proposal());
            case ScheduleProposal proposal -> {
                generator.writeArrayFieldStart("crons");
                for (String cron : proposal.crons()) {
                    generator.writeString(cron);
                }
                generator.writeEndArray();
                generator.writeStringField("zone", proposal.zone());
                generator.writeStringField("caller", proposal.caller());
                generator.writeStringField("kind", proposal.kind().wireName());
                generator.writeNumberField("window", proposal.window().toSeconds());
                generator.writeStringField("from", proposal.from().toString());
            }
            case ScheduleAccept accept -> generator.writeNumberField("proposal", accept.proposal());
            case Letter letter -> {
                generator.writeStringField("from", letter.from());
                generator.writeStringField("to", letter.to());
                generator.writeStringField("date", letter.date().toString());
                if (letter.subject().isPresent()) {
                    generator.writeStringField("subject", letter.subject().get());
                }
                if (letter.replyTo().isPresent()) {
                    generator.writeStringField("replyTo", letter.replyTo().get().hex());
                }
                generator.writeStringField("lang", letter.lang());
                generator.writeStringField("signer", letter.signer().base64());
                generator.writeStringField("recipientKey", letter.recipientKey().base64());
                generator.writeStringField("enc", letter.enc());
                generator.writeStringField("sealed", letter.sealed());
                if (letter.keys().isPresent()) {
                    generator.writeStringField("keys", letter.keys().get().hex());
                }
            }
            case StatementDraft draft -> {
                generator.writeStringField("title", draft.title());
                generator.writeStringField("lang", draft.lang());
                generator.writeStringField("text", draft.text());
            }
            case Cosign cosign -> {
                generator.writeStringField("draft", cosign.draft().hex());
                generator.writeStringField("textHash", cosign.textHash().hex());
                generator.writeStringField("principal", cosign.principal());
                generator.writeStringField("key", cosign.key().base64());
                generator.writeStringField("signature", cosign.signature());
                if (cosign.keys().isPresent()) {
                    generator.writeStringField("keys", cosign.keys().get().hex());
                }
            }
            case LetterRead read -> {
                generator.writeStringField("letter", read.letter().hex());
                generator.writeStringField("by", read.by());
                generator.writeStringField("key", read.key().base64());
                generator.writeStringField("signature", read.signature());
            }
            case PrincipalKey key -> {
                generator.writeStringField("name", key.name());
                generator.writeStringField("signing", key.signing().base64());
                generator.writeStringField("sealing", key.sealing().base64());
                if (key.rotation().isPresent()) {
                    generator.writeStringField("previous", key.rotation().get().previous().base64());
                    generator.writeStringField("rotation", key.rotation().get().signature().base64());
                }
            }
        }
    }

    public static Entry decode(byte[] bytes) throws ProtocolException {
        if (bytes.length > MAX_ENTRY_BYTES) {
            throw new ProtocolException(
                    Reason.TOO_LARGE, "entry is " + bytes.length + " bytes; the limit is " + MAX_ENTRY_BYTES);
        }
        ObjectNode node = StrictJson.readObject(bytes, WHAT);
        long version = StrictJson.positiveLong(node, "v", WHAT);
        if (version != Entry.VERSION) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION, "entry version " + version + " is not supported; this station speaks " + Entry.VERSION);
        }
        StrictJson.onlyFields(node, FIELDS, WHAT);
        LineId line = StrictJson.lineId(node, "line", WHAT);
        StationId author = StrictJson.stationId(node, "author", WHAT);
        long seq = StrictJson.positiveLong(node, "seq", WHAT);
        if (seq == 0) {
            throw new ProtocolException(Reason.MALFORMED, "entry seq starts at 1");
        }
        Optional<Hash> prev;
        if (StrictJson.required(node, "prev", WHAT).isNull()) {
            prev = Optional.empty();
        } else {
            prev = Optional.of(StrictJson.hash(node, "prev", WHAT));
        }
        if ((seq == 1) != prev.isEmpty()) {
            throw new ProtocolException(Reason.BAD_PREV, seq == 1 ? "entry #1 must have prev null" : "entry #" + seq + " lacks prev");
        }
        Head seen = StrictJson.head(node, "seen", WHAT);
        Instant at = StrictJson.instant(node, "at", WHAT);
        String type = StrictJson.text(node, "type", WHAT);
        ObjectNode body = StrictJson.object(node, "body", WHAT);
        return new Entry(Entry.VERSION, line, author, seq, prev, seen, at, decodeBody(type, body));
    }

    private static Body decodeBody(String type, ObjectNode body) throws ProtocolException {
        String what = type + " body";
        try {
            return switch (type) {
                case Message.TYPE -> {
                    StrictJson.onlyFields(body, MESSAGE_FIELDS, what);
                    yield new Message(
                            StrictJson.text(body, "text", what),
                            Priority.parse(StrictJson.text(body, "priority", what)),
                            StrictJson.text(body, "lang", what));
                }
                case Call.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("kind", "scheduled", "window"), what);
                    yield new Call(
                            CallKind.parse(StrictJson.text(body, "kind", what)),
                            StrictJson.instant(body, "scheduled", what),
                            java.time.Duration.ofSeconds(StrictJson.positiveLong(body, "window", what)));
                }
                case Answer.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("call", "by", "latencyMs"), what);
                    yield new Answer(
                            StrictJson.positiveLong(body, "call", what),
                            StrictJson.text(body, "by", what),
                            StrictJson.positiveLong(body, "latencyMs", what));
                }
                case Missed.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("call"), what);
                    yield new Missed(StrictJson.positiveLong(body, "call", what));
                }
                case Suspend.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("announced", "reason"), what);
                    yield new Suspend(StrictJson.bool(body, "announced", what), StrictJson.text(body, "reason", what));
                }
                case RestoreProposal.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("note"), what);
                    yield new RestoreProposal(StrictJson.text(body, "note", what));
                }
                case RestoreAccept.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("proposal"), what);
                    yield new RestoreAccept(StrictJson.positiveLong(body, "proposal", what));
                }
                case ScheduleProposal.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("crons", "zone", "caller", "kind", "window", "from"), what);
                    yield new ScheduleProposal(
                            StrictJson.texts(body, "crons", what),
                            StrictJson.text(body, "zone", what),
                            StrictJson.text(body, "caller", what),
                            CallKind.parse(StrictJson.text(body, "kind", what)),
                            java.time.Duration.ofSeconds(StrictJson.positiveLong(body, "window", what)),
                            StrictJson.instant(body, "from", what));
                }
                case ScheduleAccept.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("proposal"), what);
                    yield new ScheduleAccept(StrictJson.positiveLong(body, "proposal", what));
                }
                case Letter.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("from", "to", "date", "subject", "replyTo", "lang", "signer", "recipientKey", "enc",
                            "sealed", "keys"), what);
                    StrictJson.base64(body, "enc", what);
                    StrictJson.base64(body, "sealed", what);
                    yield new Letter(
                            StrictJson.text(body, "from", what),
                            StrictJson.text(body, "to", what),
                            StrictJson.instant(body, "date", what),
                            body.has("subject") ? Optional.of(StrictJson.text(body, "subject", what)) : Optional.empty(),
                            body.has("replyTo") ? Optional.of(StrictJson.hash(body, "replyTo", what)) : Optional.empty(),
                            StrictJson.text(body, "lang", what),
                            VerifyingKey.of(StrictJson.base64(body, "signer", what)),
                            SealingPublicKey.of(StrictJson.base64(body, "recipientKey", what)),
                            StrictJson.text(body, "enc", what),
                            StrictJson.text(body, "sealed", what),
                            body.has("keys") ? Optional.of(StrictJson.hash(body, "keys", what)) : Optional.empty());
                }
                case StatementDraft.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("title", "lang", "text"), what);
                    yield new StatementDraft(StrictJson.text(body, "title", what), StrictJson.text(body, "lang", what),
                            StrictJson.text(body, "text", what));
                }
                case Cosign.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("draft", "textHash", "principal", "key", "signature", "keys"), what);
                    Cosign cosign = new Cosign(StrictJson.hash(body, "draft", what), StrictJson.hash(body, "textHash", what),
                            StrictJson.text(body, "principal", what), VerifyingKey.of(StrictJson.base64(body, "key", what)),
                            StrictJson.text(body, "signature", what),
                            body.has("keys") ? Optional.of(StrictJson.hash(body, "keys", what)) : Optional.empty());
                    StrictJson.base64(body, "signature", what);
                    if (!cosign.verifies()) {
                        throw new ProtocolException(Reason.BAD_SIGNATURE, what + ": the co-signature of " + StrictJson.clip(cosign.principal())
                                + " does not verify over the text hash");
                    }
                    yield cosign;
                }
                case LetterRead.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("letter", "by", "key", "signature"), what);
                    Hash letter = StrictJson.hash(body, "letter", what);
                    String by = StrictJson.text(body, "by", what);
                    VerifyingKey key = VerifyingKey.of(StrictJson.base64(body, "key", what));
                    byte[] signature = StrictJson.base64(body, "signature", what);
                    if (!key.verify(LetterRead.signedBytes(letter, by), signature)) {
                        throw new ProtocolException(Reason.BAD_SIGNATURE, what + ": the read receipt is not signed by the key it names");
                    }
                    yield new LetterRead(letter, by, key, StrictJson.text(body, "signature", what));
                }
                case PrincipalKey.TYPE -> {
                    StrictJson.onlyFields(body, Set.of("name", "signing", "sealing", "previous", "rotation"), what);
                    if (body.has("previous") != body.has("rotation")) {
                        throw new ProtocolException(Reason.MALFORMED, what + ": previous and rotation come together or not at all");
                    }
                    String name = StrictJson.text(body, "name", what);
                    VerifyingKey signing = VerifyingKey.of(StrictJson.base64(body, "signing", what));
                    SealingPublicKey sealing = SealingPublicKey.of(StrictJson.base64(body, "sealing", what));
                    Optional<PrincipalKey.Rotation> rotation = Optional.empty();
                    if (body.has("previous")) {
                        VerifyingKey previous = VerifyingKey.of(StrictJson.base64(body, "previous", what));
                        byte[] signature = StrictJson.base64(body, "rotation", what);
                        if (!previous.verify(PrincipalKey.rotationMessage(name, signing, sealing), signature)) {
                            throw new ProtocolException(Reason.BAD_SIGNATURE, what + ": the rotation to the keys of " + StrictJson.clip(name)
                                    + " is not signed by the key it replaces");
                        }
                        rotation = Optional.of(new PrincipalKey.Rotation(previous, PrincipalKey.Signature.of(signature)));
                    }
                    yield new PrincipalKey(name, signing, sealing, rotation);
                }
                default -> throw new ProtocolException(Reason.UNKNOWN_TYPE, "entry type '" + StrictJson.clip(type) + "' is not known to this station");
            };
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, what + ": " + e.getMessage());
        }
    }
}
