package org.hotline.error;

/** Every category of failure the station reports; the web layer maps each to one HTTP status. */
public enum ErrorCode {
    BAD_REQUEST(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    /** A request body that arrived too slowly (dripped to hold a connection and its thread). */
    TOO_SLOW(408),
    INVITATION_INVALID(410),
    TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    TOO_MANY_REQUESTS(429),
    PEER_REFUSED(502),
    PEER_UNREACHABLE(504),
    STORE_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
