package org.hotline.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How much one peer may store at this station on one line: at most {@code entries} entries and
 * {@code bytes} bytes of entries per {@code window}, refilled evenly over the window (a token
 * bucket, so a burst of a whole window's worth is allowed, then the steady rate).
 */
public record LineQuota(long entries, long bytes, Duration window) {
    public LineQuota {
        requireNonNull(window, "window is null");
        if (entries < 1 || bytes < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a quota needs entries, bytes and a window above zero");
        }
    }
}
