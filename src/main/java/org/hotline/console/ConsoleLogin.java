package org.hotline.console;

import java.util.Optional;
import org.hotline.store.Role;

/** Checks a user's password for the console; the role the user holds when it is right. */
@FunctionalInterface
public interface ConsoleLogin {
    Optional<Role> login(String user, char[] password);
}
