package org.hotline.store;

import java.util.Locale;

/** What the holder of an API token may do. */
public enum Role {
    /** Sends messages, opens lines, reads transcripts. */
    OPERATOR,
    /** Reads and verifies; changes nothing. */
    AUDITOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.wireName().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; use operator or auditor");
    }
}
