package org.hotline.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How urgent a message is. Flash is for the moment that cannot wait. */
public enum Priority {
    ROUTINE,
    URGENT,
    FLASH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority parse(String text) {
        for (Priority priority : values()) {
            if (priority.wireName().equals(text)) {
                return priority;
            }
        }
        throw new IllegalArgumentException("unknown priority '" + text + "'; use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Priority::wireName).collect(Collectors.joining(", "));
    }
}
