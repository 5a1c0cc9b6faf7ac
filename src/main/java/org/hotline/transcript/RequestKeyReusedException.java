package org.hotline.transcript;

/** A request key already names another request (another line, or another message). */
public final class RequestKeyReusedException extends RuntimeException {
    public RequestKeyReusedException(String key) {
        super("the idempotency key '" + key + "' already named another message; use a new key for a new message");
    }
}
