package org.hotline.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.slf4j.Logger;

/** The one place where failures become HTTP statuses and JSON error bodies. */
final class ErrorMapping {
    private ErrorMapping() {}

    static void install(RoutesConfig routes, Logger log) {
        routes.exception(HotlineException.class, (e, ctx) -> Requests.error(ctx, e.code(), e.getMessage(), Map.of()));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            ErrorCode code = switch (e.getStatus()) {
                case 404 -> ErrorCode.NOT_FOUND;
                case 413 -> ErrorCode.TOO_LARGE;
                case 401 -> ErrorCode.UNAUTHENTICATED;
                case 403 -> ErrorCode.FORBIDDEN;
                default -> ErrorCode.BAD_REQUEST;
            };
            Requests.error(ctx, code, e.getMessage(), Map.of());
        });
        routes.exception(Exception.class, (e, ctx) -> {
            // This handler must never throw: Javalin hands an exception thrown here back to the
            // handlers, and a request that already ended (an event stream closed at shutdown)
            // fails on every call to ctx, which looped forever.
            String request;
            try {
                request = ctx.method() + " " + ctx.path();
            } catch (RuntimeException ended) {
                log.debug("failure after its request ended: {}", e.toString());
                return;
            }
            log.error("unexpected failure on {}", request, e);
            try {
                ctx.status(500).json(Map.of("error", "INTERNAL", "reason", "the station failed; see its log"));
            } catch (RuntimeException ended) {
                log.debug("could not answer {}: {}", request, ended.toString());
            }
        });
    }
}
