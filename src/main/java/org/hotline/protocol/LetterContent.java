package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/** What is sealed inside a letter: the subject if it is private, the text, and the writer's signature. */
public record LetterContent(Optional<String> subject, String text, String signature) {
    public static final int MAX_TEXT_BYTES = 24 * 1024;

    public LetterContent {
        requireNonNull(subject, "subject is null");
        requireNonNull(text, "text is null");
        requireNonNull(signature, "signature is null");
    }

    public byte[] encode() {
        return StrictJson.write(generator -> {
            generator.writeStartObject();
            if (subject.isPresent()) {
                generator.writeStringField("subject", subject.get());
            }
            generator.writeStringField("text", text);
            generator.writeStringField("signature", signature);
            generator.writeEndObject();
        });
    }

    public static LetterContent decode(byte[] bytes) throws ProtocolException {
        String what = "sealed letter";
        ObjectNode node = StrictJson.readObject(bytes, what, MAX_TEXT_BYTES * 2);
        StrictJson.onlyFields(node, Set.of("subject", "text", "signature"), what);
        Optional<String> subject = node.has("subject") ? Optional.of(StrictJson.text(node, "subject", what)) : Optional.empty();
        byte[] signature = StrictJson.base64(node, "signature", what);
        if (signature.length != 64) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED, what + ": the signature is not 64 bytes");
        }
        return new LetterContent(subject, StrictJson.text(node, "text", what), Base64.getEncoder().encodeToString(signature));
    }
}
