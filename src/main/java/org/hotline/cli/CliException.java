package org.hotline.cli;

/** A failure to report to the person at the terminal in one line, without a stack trace. */
final class CliException extends Exception {
    CliException(String message) {
        super(message);
    }
}
