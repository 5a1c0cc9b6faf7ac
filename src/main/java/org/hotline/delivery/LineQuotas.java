package org.hotline.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.hotline.config.LineQuota;
import org.hotline.protocol.LineId;

/**
 * The storage quota of every line, per peer: a token bucket of entries and one of bytes, each
 * holding a window's worth and refilled evenly over the window. A batch takes room for all its
 * new entries at once or none; what a refused or failed batch took is given back. Runs on the
 * monotonic clock, not the station's (a simulated clock may jump months).
 */
public final class LineQuotas {
    private final LineQuota quota;
    private final LongSupplier nanoTime;
    private final Map<LineId, Bucket> buckets = new ConcurrentHashMap<>();

    public LineQuotas(LineQuota quota) {
        this(quota, System::nanoTime);
    }

    LineQuotas(LineQuota quota, LongSupplier nanoTime) {
        this.quota = requireNonNull(quota, "quota is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    public LineQuota quota() {
        return quota;
    }

    /**
     * Takes room for {@code entries} entries of {@code bytes} bytes on the line.
     *
     * @throws QuotaExceededException when there is not room for all of them, saying when there will be
     */
    public void take(LineId line, long entries, long bytes) throws QuotaExceededException {
        buckets.computeIfAbsent(line, id -> new Bucket(nanoTime.getAsLong())).take(entries, bytes);
    }

    /** Gives back what {@link #take} took for a batch that was not stored after all. */
    public void giveBack(LineId line, long entries, long bytes) {
        Bucket bucket = buckets.get(line);
        if (bucket != null) {
            bucket.giveBack(entries, bytes);
        }
    }

    private final class Bucket {
        private double entries = quota.entries(); // guarded by this
        private double bytes = quota.bytes(); // guarded by this
        private long refilledAt; // guarded by this

        Bucket(long now) {
            this.refilledAt = now;
        }

        synchronized void take(long wantEntries, long wantBytes) throws QuotaExceededException {
            refill();
            if (wantEntries <= entries && wantBytes <= bytes) {
                entries -= wantEntries;
                bytes -= wantBytes;
                return;
            }
            double windowNanos = quota.window().toNanos();
            double waitEntries = (wantEntries - entries) * windowNanos / quota.entries();
            double waitBytes = (wantBytes - bytes) * windowNanos / quota.bytes();
            Duration retryAfter = Duration.ofNanos((long) Math.ceil(Math.max(Math.max(waitEntries, waitBytes), 0)));
            throw new QuotaExceededException("the line's quota is " + quota.entries() + " entries and " + quota.bytes()
                    + " bytes per " + quota.window().toSeconds() + " s; this batch of " + wantEntries + " entries (" + wantBytes
                    + " bytes) fits again in " + Math.max(1, retryAfter.toSeconds()) + " s", retryAfter);
        }

        synchronized void giveBack(long moreEntries, long moreBytes) {
            entries = Math.min(quota.entries(), entries + moreEntries);
            bytes = Math.min(quota.bytes(), bytes + moreBytes);
        }

        private void refill() {
            long now = nanoTime.getAsLong();
            double fraction = (now - refilledAt) / (double) quota.window().toNanos();
            refilledAt = now;
            entries = Math.min(quota.entries(), entries + fraction * quota.entries());
            bytes = Math.min(quota.bytes(), bytes + fraction * quota.bytes());
        }
    }
}
