package org.hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hotline.it.TestStations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineQuotaConfigTest {
    @TempDir
    Path temp;

    @Test
    void theQuotaHasBusyLineDefaultsAndRefusesValuesThatWouldJamALine() throws Exception {
        Path dir = TestStations.init(temp.resolve("a"), "Blue House");
        assertThat(StationConfig.load(dir, Map.of()).lineQuota()).isEqualTo(new LineQuota(20_000, 64L * 1024 * 1024, Duration.ofHours(1)));
        assertThat(StationConfig.load(dir, Map.of("HOTLINE_LIMITS_LINE_ENTRIES_PER_WINDOW", "5000",
                "HOTLINE_LIMITS_QUOTA_WINDOW_SECONDS", "60")).lineQuota()).isEqualTo(new LineQuota(5000, 64L * 1024 * 1024, Duration.ofMinutes(1)));

        // Fewer entries than one batch may hold, or fewer bytes than one body: a batch could never fit.
        assertThatThrownBy(() -> StationConfig.load(dir, Map.of("HOTLINE_LIMITS_LINE_ENTRIES_PER_WINDOW", "999")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.line-entries-per-window");
        assertThatThrownBy(() -> StationConfig.load(dir, Map.of("HOTLINE_LIMITS_LINE_BYTES_PER_WINDOW", "1048576")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.line-bytes-per-window")
                .hasMessageContaining("limits.max-body-bytes");
        assertThat(StationConfig.load(dir, Map.of("HOTLINE_LIMITS_LINE_BYTES_PER_WINDOW", "1048576",
                "HOTLINE_LIMITS_MAX_BODY_BYTES", "1048576")).lineQuota().bytes()).isEqualTo(1048576);
        assertThatThrownBy(() -> StationConfig.load(dir, Map.of("HOTLINE_LIMITS_QUOTA_WINDOW_SECONDS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.quota-window-seconds");
        assertThatThrownBy(() -> StationConfig.load(dir, Map.of("HOTLINE_ALERTS_COALESCE_SECONDS", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.coalesce-seconds");
    }
}
