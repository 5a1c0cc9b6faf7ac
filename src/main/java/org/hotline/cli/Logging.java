package org.hotline.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Structured logs on request: with HOTLINE_LOG_FORMAT=json every log line on standard error is
 * one JSON object (logback's JSON encoder), for log shippers. The default stays readable text.
 */
final class Logging {
    private Logging() {}

    static void configure(String format) {
        if (format == null || format.isBlank() || format.equals("text")) {
            return;
        }
        if (!format.equals("json")) {
            System.err.println("hotline: HOTLINE_LOG_FORMAT is 'text' or 'json', not '" + format + "'; logging as text");
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("JSON");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
