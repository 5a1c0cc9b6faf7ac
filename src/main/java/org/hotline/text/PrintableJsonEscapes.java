package org.hotline.text;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON for a terminal: Jackson already writes control characters as {@code \u001b}-style escapes;
 * these escapes do the same for what {@link Printable} hides beyond ASCII (bidi overrides, format
 * characters, line separators). The JSON still decodes to the exact text, and no string in it can
 * reorder or hide what the reader sees.
 */
public final class PrintableJsonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final int[] ASCII = CharacterEscapes.standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        // Jackson asks per UTF-16 unit: the halves of a pair (an emoji) pass, so that they stay one character.
        if (Character.isSurrogate((char) ch) || Printable.isPlain(new String(Character.toChars(ch)))) {
            return null;
        }
        return new SerializedString(String.format("\\u%04x", ch));
    }
}
