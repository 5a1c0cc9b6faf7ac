package org.hotline.cli;

/** A failure to report to the person at the terminal in one line, without a stack trace. */
class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    /** Nothing answers at the station's API address: the station is stopped (or elsewhere). */
    static final class NotRunning extends CliException {
        private static final long serialVersionUID = 1L;

        NotRunning(String message) {
            super(message);
        }
    }
}
