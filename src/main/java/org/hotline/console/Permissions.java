package org.hotline.console;

import org.hotline.store.Role;

/** What each role may do from the console; the API enforces the same rules on every request. */
final class Permissions {
    private Permissions() {}

    static boolean mayCut(Role role) {
        return role != Role.AUDITOR;
    }
}
