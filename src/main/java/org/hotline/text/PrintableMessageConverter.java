package org.hotline.text;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The text log's message ({@code %msg} in logback.xml): the formatted message through
 * {@link Printable#line}, so that no value in it (a peer's refusal reason, a name typed at
 * sign-in) can end the log line, forge the next one or drive the operator's terminal. The places
 * that log such values neutralise them too, for the JSON log.
 */
public final class PrintableMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Printable.line(super.convert(event));
    }
}
