package org.hotline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A hash as people copy it from a listing: its first 12 or more hex digits, resolved among the candidates. */
final class HashPrefix {
    static final int MIN_DIGITS = 12;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + MIN_DIGITS + ",64}");

    private HashPrefix() {}

    /** The one candidate that starts with {@code given}; {@code what} names the thing in errors ("letter"). */
    static String resolve(String given, Iterable<String> candidates, String what) throws CliException {
        String prefix = given.strip().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(prefix).matches()) {
            throw new CliException("'" + given + "' is not a " + what + "'s hash: give its first " + MIN_DIGITS
                    + " or more hex digits, as listed");
        }
        List<String> matches = new ArrayList<>();
        for (String candidate : candidates) {
            if (candidate.startsWith(prefix)) {
                matches.add(candidate);
            }
        }
        if (matches.isEmpty()) {
            throw new CliException("no " + what + " whose hash starts with " + prefix);
        }
        if (matches.size() > 1) {
            throw new CliException(matches.size() + " " + what + "s' hashes start with " + prefix + "; give more digits");
        }
        return matches.getFirst();
    }
}
