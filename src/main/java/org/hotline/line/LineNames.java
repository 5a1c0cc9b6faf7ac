package org.hotline.line;

import java.util.regex.Pattern;

/** Line names: short, lower-case, safe in a URL path and a file name, e.g. "leaders", "military-west". */
public final class LineNames {
    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private LineNames() {}

    public static String check(String name) {
        if (name == null || !FORM.matcher(name).matches()) {
            throw new IllegalArgumentException("line name '" + (name == null ? "" : name.length() > 70 ? name.substring(0, 70) + "..." : name)
                    + "' must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        return name;
    }
}
