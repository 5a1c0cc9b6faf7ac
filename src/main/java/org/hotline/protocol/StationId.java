package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;

/**
 * A station's identity: base32 of the SHA-256 of its Ed25519 public key. Shown to people in
 * dash-separated groups of four so that two operators can compare it over the telephone.
 */
public record StationId(String value) implements Comparable<StationId> {
    private static final Pattern FORM = Pattern.compile("[A-Z2-7]{52}");
    private static final int GROUP = 4;

    public StationId {
        requireNonNull(value, "value is null");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a station id: " + abbreviate(value));
        }
    }

    public static StationId of(VerifyingKey key) {
        String encoded = Base32.toBase32String(Hash.sha256(key.bytes()).bytes());
        return new StationId(encoded.replace("=", ""));
    }

    /** Accepts the compact form or the grouped form, in either case. */
    public static StationId parse(String text) {
        requireNonNull(text, "text is null");
        return new StationId(text.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT));
    }

    /** The grouped form, e.g. {@code ABCD-EFGH-...}. */
    public String display() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i += GROUP) {
            if (i > 0) {
                out.append('-');
            }
            out.append(value, i, Math.min(value.length(), i + GROUP));
        }
        return out.toString();
    }

    /** The first groups only, for log lines and tables. */
    public String shortForm() {
        return value.substring(0, 4) + "-" + value.substring(4, 8);
    }

    @Override
    public int compareTo(StationId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return display();
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
