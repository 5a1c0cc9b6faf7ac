package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;

/** The globally unique id of a line, chosen at random by the inviting station. */
public record LineId(String value) {
    private static final Pattern FORM = Pattern.compile("[a-z2-7]{26}");

    public LineId {
        requireNonNull(value, "value is null");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a line id: " + (value.length() > 40 ? value.substring(0, 40) + "..." : value));
        }
    }

    public static LineId random(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return new LineId(Base32.toBase32String(bytes).replace("=", "").toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}
