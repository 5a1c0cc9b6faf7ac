package org.hotline.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;

/** Reading request bodies safely: size limit enforced before and while reading, JSON only. */
final class Requests {
    private Requests() {}

    static byte[] body(Context ctx, long maxBytes) {
        String contentType = ctx.contentType();
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (!mediaType.equalsIgnoreCase("application/json")) {
            throw new HotlineException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as Content-Type: application/json");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long started = System.nanoTime();
            for (int read; (read = in.read(buffer)) != -1; ) {
                if (body.size() + (long) read > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                body.write(buffer, 0, read);
                checkRate(body.size(), System.nanoTime() - started);
            }
            return body.toByteArray();
        } catch (IOException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "could not read the request body: " + e.getMessage(), e);
        }
    }

    static <T> T json(Context ctx, long maxBytes, Class<T> type) {
        byte[] body = body(ctx, maxBytes);
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw new HotlineException(ErrorCode.BAD_REQUEST, "the body is empty JSON");
            }
            return value;
        } catch (IOException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the body is not valid JSON for this call: " + JsonProblems.describe(e));
        }
    }

    /**
     * A body dripped a few bytes at a time never trips the connection's idle timeout, and would
     * hold the connection and its thread for as long as the sender likes: after a grace period it
     * must arrive at {@link #MIN_BYTES_PER_SECOND} at least (a 1 MiB batch in 17 minutes, far
     * below any working link).
     */
    static void checkRate(long received, long elapsedNanos) {
        long grace = java.util.concurrent.TimeUnit.SECONDS.toNanos(RATE_GRACE_SECONDS);
        if (elapsedNanos > grace && received < MIN_BYTES_PER_SECOND * (elapsedNanos / 1_000_000_000L)) {
            throw new HotlineException(ErrorCode.TOO_SLOW, "the body arrived at less than " + MIN_BYTES_PER_SECOND
                    + " bytes a second (" + received + " bytes in " + elapsedNanos / 1_000_000 + " ms)");
        }
    }

    static final long MIN_BYTES_PER_SECOND = 1024;
    private static final long RATE_GRACE_SECONDS = 2;

    private static HotlineException tooLarge(long maxBytes) {
        return new HotlineException(ErrorCode.TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
    }

    static void error(Context ctx, ErrorCode code, String reason, Map<String, Object> extra) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", code.name());
        body.put("reason", reason);
        body.putAll(extra);
        ctx.status(code.httpStatus());
        ctx.json(body);
    }
}
