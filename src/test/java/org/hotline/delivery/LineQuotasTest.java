package org.hotline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.config.LineQuota;
import org.hotline.protocol.LineId;
import org.junit.jupiter.api.Test;

class LineQuotasTest {
    private static final LineId LINE = new LineId("abcdefghijklmnopqrstuvwxyz");
    private static final LineId OTHER = new LineId("zyxwvutsrqponmlkjihgfedcba");

    @Test
    void aWindowsWorthIsTakenThenRefusedUntilItRefillsEvenly() throws Exception {
        AtomicLong now = new AtomicLong();
        LineQuotas quotas = new LineQuotas(new LineQuota(1000, 1_000_000, Duration.ofSeconds(100)), now::get);
        quotas.take(LINE, 600, 100_000);
        quotas.take(LINE, 400, 100_000);
        // Entries are spent: 10 more need 1 s of refill (1,000 per 100 s).
        QuotaExceededException refused = catchThrowableOfType(QuotaExceededException.class, () -> quotas.take(LINE, 10, 1_000));
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refused.getMessage()).contains("1000 entries and 1000000 bytes per 100 s");
        // Another line has its own quota.
        quotas.take(OTHER, 1000, 1_000_000);

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        quotas.take(LINE, 10, 1_000);
        assertThatThrownBy(() -> quotas.take(LINE, 1, 1)).isInstanceOf(QuotaExceededException.class);

        // Bytes count too; a refused or failed batch gives back what it took.
        now.addAndGet(Duration.ofSeconds(100).toNanos());
        quotas.take(LINE, 1, 900_000);
        QuotaExceededException tooManyBytes = catchThrowableOfType(QuotaExceededException.class, () -> quotas.take(LINE, 1, 200_000));
        assertThat(tooManyBytes.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        quotas.giveBack(LINE, 1, 900_000);
        quotas.take(LINE, 1, 1_000_000);
    }
}
