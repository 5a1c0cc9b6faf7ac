package org.hotline.alert;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what one class logs while open, to check what an operator would see (and must not). */
public final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLog(Class<?> type) {
        this.logger = (Logger) LoggerFactory.getLogger(type);
        appender.start();
        logger.addAppender(appender);
    }

    /** Logback appends under the appender's own lock (AppenderBase.doAppend), so reads take it too. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Every line as it would read in the log, with arguments filled in. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent event : events()) {
            out.append(event.getLevel()).append(' ').append(event.getFormattedMessage()).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
