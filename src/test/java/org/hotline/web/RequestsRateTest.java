package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.junit.jupiter.api.Test;

class RequestsRateTest {
    @Test
    void aBodyBelowAKibibyteASecondIsRefusedAfterTheGrace() {
        long second = TimeUnit.SECONDS.toNanos(1);
        // Within the grace period anything goes; a working link is far above the floor.
        assertThatCode(() -> Requests.checkRate(1, second)).doesNotThrowAnyException();
        assertThatCode(() -> Requests.checkRate(20 * 1024 * 10, 10 * second)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Requests.checkRate(30, 10 * second)).isInstanceOf(HotlineException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((HotlineException) e).code()).isEqualTo(ErrorCode.TOO_SLOW));
    }
}
