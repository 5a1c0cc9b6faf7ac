package org.hotline.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per alert: ERROR for critical alerts, WARN for warnings, so that whatever already
 * watches the station's log for errors picks them up. Carries what the alert says and nothing of
 * the station's configuration, so no secret can reach the log through it.
 */
public final class LogSink implements AlertSink {
    private final Logger log;

    public LogSink(Logger log) {
        this.log = log;
    }

    public LogSink() {
        this(LoggerFactory.getLogger(LogSink.class));
    }

    @Override
    public void deliver(Alert alert) {
        String format = "ALERT {} [{}] line {} ({}): {} [alert {}]";
        Object[] arguments = {alert.kind().wireName(), alert.at(), alert.lineName(), alert.lineId(),
            alert.detail(), alert.id()};
        switch (alert.kind().severity()) {
            case CRITICAL -> log.error(format, arguments);
            case WARNING -> log.warn(format, arguments);
        }
    }
}
