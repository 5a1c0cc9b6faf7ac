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
        if (!wellFormed(text)) {
            // UTF-8 cannot carry a lone surrogate: the signed text would silently differ from the sent one.
            throw new IllegalArgumentException("message text is not valid Unicode: it has an unpaired surrogate");
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

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
