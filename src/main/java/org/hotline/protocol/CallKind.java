package org.hotline.protocol;

import java.util.Locale;

/** A link test is answered by the other station itself; a watch test rings until an operator picks up. */
public enum CallKind {
    LINK_TEST,
    WATCH_TEST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** For people: "link test, answered by the station". */
    public String words() {
        return switch (this) {
            case LINK_TEST -> "link test, answered by the station";
            case WATCH_TEST -> "watch test, answered by an operator";
        };
    }

    public static CallKind parse(String text) {
        for (CallKind kind : values()) {
            if (kind.wireName().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown call kind '" + text + "'; use link-test or watch-test");
    }
}
