package org.hotline.transcript;

import org.hotline.protocol.DeclaredState;

/** The line is not open here, and the caller asked not to wait. Nothing was stored. */
public final class LineSuspendedException extends RuntimeException {
    public LineSuspendedException(DeclaredState state) {
        super("the line is " + state.describe() + (state.isOpen() ? " but entries written during its suspension are still being signed" : "")
                + "; nothing was written");
    }
}
