package org.hotline.store;

import java.util.Locale;

/**
 * What a person, or the holder of an API token, may do. Each role can do all that the roles below
 * it can: a principal is also an operator, an operator is also an auditor.
 */
public enum Role {
    /** A leader: everything an operator does, and writes letters and authorises cutting and restoring a line. */
    PRINCIPAL(3),
    /** On watch: sends messages, answers calls, opens lines, reads transcripts. */
    OPERATOR(2),
    /** Reads and verifies; changes nothing. */
    AUDITOR(1);

    private final int rank;

    Role(int rank) {
        this.rank = rank;
    }

    /** True if this role may do whatever {@code other} may. */
    public boolean includes(Role other) {
        return rank >= other.rank;
    }

    /** The lower of the two roles. */
    public Role atMost(Role other) {
        return includes(other) ? other : this;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.wireName().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; use principal, operator or auditor");
    }
}
