package org.hotline.alert;

/**
 * One channel that alerts go out on. {@link Alerts} calls each sink from that sink's own thread,
 * one alert at a time, so a sink may block (retry, wait for a server) without holding up anyone
 * else, and needs no locking of its own for that.
 */
@FunctionalInterface
public interface AlertSink {
    /** Delivers the alert; a thrown exception is logged by {@link Alerts} and the next alert goes on. */
    void deliver(Alert alert) throws Exception;
}
