package org.hotline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.protocol.LineId;
import org.junit.jupiter.api.Test;

class AlertCoalescerTest {
    private static final LineId OTHER_LINE = new LineId("zyxwvutsrqponmlkjihgfedcba");

    @Test
    void aFloodOfOneKindOnOneLineIsOneAlertNowAndOneSummaryAtTheWindowsEnd() {
        List<Alert> out = new CopyOnWriteArrayList<>();
        try (AlertCoalescer coalescer = new AlertCoalescer(Duration.ofMillis(500), out::add)) {
            Alert first = TestAlerts.of(AlertKind.FLASH_MESSAGE);
            coalescer.raise(first);
            for (int i = 0; i < 2999; i++) {
                coalescer.raise(TestAlerts.of(AlertKind.FLASH_MESSAGE));
            }
            // Another kind, and another line, are not held back by this flood.
            Alert equivocation = TestAlerts.of(AlertKind.EQUIVOCATION);
            coalescer.raise(equivocation);
            Alert elsewhere = Alert.of(AlertKind.FLASH_MESSAGE, "other", OTHER_LINE, "a flash elsewhere", TestAlerts.AT);
            coalescer.raise(elsewhere);
            assertThat(out).containsExactly(first, equivocation, elsewhere);

            await().atMost(Duration.ofSeconds(5)).until(() -> out.size() == 4);
            Alert summary = out.get(3);
            assertThat(summary.kind()).isEqualTo(AlertKind.FLASH_MESSAGE);
            assertThat(summary.lineId()).isEqualTo(TestAlerts.LINE_ID);
            assertThat(summary.detail()).startsWith("and 2,999 more flash messages on line liaison within 0 s");

            // The episode is over once a window passes without news: the next one goes out at once.
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(1200)).until(() -> true);
            Alert later = TestAlerts.of(AlertKind.FLASH_MESSAGE);
            coalescer.raise(later);
            assertThat(out).hasSize(5).last().isEqualTo(later);
        }
    }

    @Test
    void closeSendsWhatIsHeldBackAndZeroWindowPassesEverything() {
        List<Alert> out = new CopyOnWriteArrayList<>();
        AlertCoalescer coalescer = new AlertCoalescer(Duration.ofMinutes(10), out::add);
        coalescer.raise(TestAlerts.of(AlertKind.MISSED_CALL));
        coalescer.raise(TestAlerts.of(AlertKind.MISSED_CALL));
        coalescer.raise(TestAlerts.of(AlertKind.MISSED_CALL));
        coalescer.close();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).detail()).startsWith("and 2 more missed calls");

        List<Alert> straight = new CopyOnWriteArrayList<>();
        try (AlertCoalescer off = new AlertCoalescer(Duration.ZERO, straight::add)) {
            for (int i = 0; i < 5; i++) {
                off.raise(TestAlerts.of(AlertKind.FLASH_MESSAGE));
            }
        }
        assertThat(straight).hasSize(5);
    }
}
