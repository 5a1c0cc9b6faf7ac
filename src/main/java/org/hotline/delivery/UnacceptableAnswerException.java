package org.hotline.delivery;

import java.io.IOException;

/** The peer answered, but with something no station would send (a name too long, another station's id). */
public final class UnacceptableAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    UnacceptableAnswerException(String message) {
        super(message);
    }
}
