package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** A message from one station's operator to the other's. */
public record Message(String text, Priority priority, String lang) implements Body {
    public static final String TYPE = "message";
    /** Keeps every entry well under {@link EntryCodec#MAX_ENTRY_BYTES}. */
    public static final int MAX_TEXT_BYTES = 48 * 1024;
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,6}");

    public Message {
        requireNonNull(text, "text is null");
        requireNonNull(priority, "priority is null");
        requireNonNull(lang, "lang is null");
        if (text.isBlank()) {
            throw new IllegalArgumentException("message text is empty");
        }
        int size = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException(
                    "message text is " + size + " bytes; the limit is " + MAX_TEXT_BYTES + " bytes");
        }
        if (!LANGUAGE_TAG.matcher(lang).matches()) {
            throw new IllegalArgumentException("'" + lang + "' is not a language tag such as en or ko-KR");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
