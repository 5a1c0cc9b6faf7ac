package org.hotline.text;

/**
 * The one neutraliser for text that someone else chose (a peer's name or message, a user name typed
 * at sign-in, a statement) on its way to a terminal, a log, a mail, a web page or a feed. Every
 * character that a terminal or a renderer would act on instead of show is replaced by a visible
 * escape: {@code \u001b} for ESC, {@code \u202e} for RIGHT-TO-LEFT OVERRIDE, {@code \U000e0041} beyond
 * the BMP. That covers control characters (C0, DEL, C1: ANSI escapes, NUL, CR, backspace), format
 * characters (bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width characters, tag
 * characters), line and paragraph separators, lone surrogates and the non-characters U+FFFE/U+FFFF.
 *
 * <p>The output holds only characters that are shown as themselves and that XML 1.0 allows, so it
 * can go into an Atom feed as is. A backslash is kept as it is: the escapes make hidden
 * characters visible and are not meant to be decoded, and keeping it makes neutralising twice the
 * same as once (a log line may pass two edges).
 */
public final class Printable {
    private Printable() {}

    /** One line: newlines and tabs are escaped too, so the value cannot start a line of its own. */
    public static String line(String text) {
        return neutralise(text, false);
    }

    /**
     * Text of several lines: newlines are kept, everything else as in {@link #line}. Whoever prints
     * it indents each line so that no line can pass for one of its own headers.
     */
    public static String text(String text) {
        return neutralise(text, true);
    }

    /** Whether {@link #line} would leave {@code text} as it is. */
    public static boolean isPlain(String text) {
        return text.codePoints().noneMatch(c -> hidden(c, false));
    }

    private static String neutralise(String text, boolean keepNewlines) {
        if (text == null) {
            return "";
        }
        if (text.codePoints().noneMatch(c -> hidden(c, keepNewlines))) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (hidden(c, keepNewlines)) {
                out.append(c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean hidden(int c, boolean keepNewlines) {
        if (c == '\n') {
            return !keepNewlines;
        }
        if (c == 0xFFFE || c == 0xFFFF) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> true;
            default -> false;
        };
    }
}
