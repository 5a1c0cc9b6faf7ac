package org.hotline.delivery;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/** Turns a failure to reach a peer into a sentence an operator on watch can act on. */
public final class Failures {
    private Failures() {}

    public static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedBody.TooLargeException || cause instanceof BoundedBody.TooSlowException) {
                return cause.getMessage();
            }
            if (cause instanceof ConnectException) {
                return "connection refused: the peer station is not running or not reachable";
            }
            if (cause instanceof HttpConnectTimeoutException) {
                return "timed out connecting to the peer";
            }
            if (cause instanceof HttpTimeoutException) {
                return "the peer did not answer in time";
            }
            if (cause instanceof SSLException) {
                return "TLS failed: " + cause.getMessage();
            }
            if (cause instanceof ClosedChannelException) {
                return "connection closed: the peer station went away";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
