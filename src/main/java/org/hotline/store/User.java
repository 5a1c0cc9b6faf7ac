package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.regex.Pattern;

/** A person who uses the station, with a role and an Argon2id password hash (PHC string, with its parameters). */
public record User(String name, Role role, String passwordHash, Instant createdAt) {
    /**
     * The station's own built-in user: it holds the station (CLI) token made by {@code init}, has no
     * password and cannot sign in, be removed or change role. Whoever reads its token can read the
     * station's key and store in the same folder, so it administers the station.
     */
    public static final String STATION = "station";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public User {
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(passwordHash, "passwordHash is null");
        requireNonNull(createdAt, "createdAt is null");
        checkName(name);
    }

    public static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1-64 characters: lower-case letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit (e.g. \"moon\" or \"kim.yo-jong\")");
        }
        return name;
    }

    @Override
    public String toString() {
        // The hash stays out of logs and exception messages.
        return "User[" + name + ", " + role.wireName() + "]";
    }
}
