package org.hotline.text;

import java.util.regex.Pattern;

/**
 * Names people read (a station's name, shown to the other side when a line is opened): letters
 * and digits of any script, spaces and a little punctuation, 1-100 characters. No control, bidi or
 * format character can be part of one, so a name cannot move the cursor, hide text or pose as
 * another line of output. Checked where a name is made (init, hotline.conf) and where it arrives
 * (a peer's hello and pair request).
 */
public final class Names {
    public static final int MAX_LENGTH = 100;
    private static final Pattern STATION = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N} .,'’&()/_-]*[\\p{L}\\p{M}\\p{N}.)])?");

    private Names() {}

    /** {@code name} if it is a valid station name, else an exception whose message shows it neutralised. */
    public static String station(String name) {
        if (name == null || name.codePointCount(0, name.length()) > MAX_LENGTH || !STATION.matcher(name).matches()
                || name.contains("  ")) {
            throw new IllegalArgumentException("station name \"" + Printable.line(abbreviate(name == null ? "" : name))
                    + "\" is not allowed: a station name is 1-" + MAX_LENGTH
                    + " letters, digits, single spaces and . , ' & ( ) / _ -, starting with a letter or digit");
        }
        return name;
    }

    /**
     * A free-text label people read (who holds a token, who answered a call): 1-100 characters,
     * none of them hidden or acting on the reader's terminal. Looser than a station name: it is
     * chosen here by our own operators, but the answer's label travels to the peer in a signed entry.
     */
    public static String label(String what, String value) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > MAX_LENGTH || !Printable.isPlain(stripped)) {
            throw new IllegalArgumentException(what + " \"" + Printable.line(abbreviate(stripped)) + "\" is not allowed: 1-" + MAX_LENGTH
                    + " characters, with no control, bidi or format character");
        }
        return stripped;
    }

    private static String abbreviate(String name) {
        return name.length() > 120 ? name.substring(0, 120) + "..." : name;
    }
}
