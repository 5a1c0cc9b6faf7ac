package org.hotline.config;

/** Reading one configuration value; errors name the file and the key. */
public final class ConfigValues {
    private ConfigValues() {}

    /** A whole number within {@code min}-{@code max}. */
    public static long number(String text, String key, long min, long max, String source) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(source + ": " + key + ": '" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigException(source + ": " + key + ": " + value + " is outside " + min + "-" + max);
        }
        return value;
    }
}
