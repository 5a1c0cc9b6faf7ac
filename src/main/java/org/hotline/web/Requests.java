package org.hotline.web;

import io.javalin.http.Context;
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
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
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
