package org.hotline.checkin;

import java.time.Duration;
import java.time.Instant;
import org.hotline.store.LineRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Check-in events as log lines. */
public final class LoggingCheckinListener implements CheckinService.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingCheckinListener.class);

    @Override
    public void missed(LineRecord line, long callSeq, Instant scheduled) {
        LOG.warn("line {}: our call #{} scheduled for {} was not answered", line.name(), callSeq, scheduled);
    }

    @Override
    public void ringing(LineRecord line, RingingCall call) {
        LOG.warn("line {}: the other side is calling (#{}); answer by {} with: hotline answer {}", line.name(), call.seq(),
                call.closesAt(), line.name());
    }

    @Override
    public void answered(LineRecord line, long callSeq, String by, Duration latency) {
        LOG.info("line {}: our call #{} answered by {} after {} ms", line.name(), callSeq, by, latency.toMillis());
    }
}
