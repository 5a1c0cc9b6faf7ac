package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The author proposes the text of a joint statement on the line. It becomes a joint statement when
 * a principal of each side has co-signed its {@link #textHash text hash} in a {@code cosign} entry.
 */
public record StatementDraft(String title, String lang, String text) implements Body {
    public static final String TYPE = "statement-draft";
    private static final byte[] CONTEXT = "hotline joint statement v1\n".getBytes(StandardCharsets.US_ASCII);

    public StatementDraft {
        requireNonNull(title, "title is null");
        requireNonNull(lang, "lang is null");
        requireNonNull(text, "text is null");
        if (title.isBlank() || title.length() > 300) {
            throw new IllegalArgumentException("a statement's title is 1-300 characters");
        }
        if (text.isBlank() || text.length() > 20_000) {
            throw new IllegalArgumentException("a joint statement's text is 1-20000 characters");
        }
    }

    /** What both principals sign: the line, title, language and text, hashed. */
    public Hash textHash(LineId line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CONTEXT);
        for (String field : new String[] {line.value(), title, lang, text}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return Hash.sha256(out.toByteArray());
    }

    @Override
    public String type() {
        return TYPE;
    }
}
