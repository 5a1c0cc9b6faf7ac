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

    /** Alerts go to the log at ERROR; a scenario that tells its alerts in its own words silences them. */
    static void alertLog() {
        ((Logger) LoggerFactory.getLogger(org.hotline.alert.LogSink.class)).setLevel(Level.OFF);
    }

    static void stationLogs(Level level) {
        ((Logger) LoggerFactory.getLogger("org.hotline")).setLevel(level);
    }
}
