package org.hotline.error;

import static java.util.Objects.requireNonNull;

/** A failure with a category and a sentence for the person who asked. */
public final class HotlineException extends RuntimeException {
    private final ErrorCode code;

    public HotlineException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public HotlineException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
