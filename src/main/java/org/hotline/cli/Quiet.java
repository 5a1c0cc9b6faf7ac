package org.hotline.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The demo and benchmark print their own story; station logs go down to warnings there. */
final class Quiet {
    private Quiet() {}

    static void stationLogs() {
        stationLogs(Level.WARN);
    }

    static void stationLogs(Level level) {
        ((Logger) LoggerFactory.getLogger("org.hotline")).setLevel(level);
    }
}
