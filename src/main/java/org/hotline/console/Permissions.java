package org.hotline.console;

import org.hotline.store.Role;

/** What each role may do from the console; the API enforces the same rules on every request. */
final class Permissions {
    private Permissions() {}

    /** Cutting and restoring a line is for principals, as on the API. */
    static boolean mayCut(Role role) {
        return role.includes(Role.PRINCIPAL);
    }

    /** Sending and answering calls: operators and principals. */
    static boolean maySend(Role role) {
        return role.includes(Role.OPERATOR);
    }
}
