package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.error.ErrorCode;

/** A small client of the operator API for tests: raw requests, raw answers, no cleverness. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final HttpClient client;
    private final String base;
    private final Optional<String> authorization;

    private Http(HttpClient client, String base, Optional<String> authorization) {
        this.client = client;
        this.base = base;
        this.authorization = authorization;
    }

    private Http(String base, Optional<String> authorization) {
        this(CLIENT, base, authorization);
    }

    /** A new HTTP/1.1 client, whose sequential requests share one kept-alive connection. */
    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The same caller, sending through {@code other}. */
    Http via(HttpClient other) {
        return new Http(other, base, authorization);
    }

    /** Without any Authorization header. */
    static Http anonymous(String base) {
        return new Http(base, Optional.empty());
    }

    /** With {@code Authorization: Bearer <token>}. */
    static Http bearer(String base, String token) {
        return new Http(base, Optional.of("Bearer " + token));
    }

    /** With exactly this Authorization header. */
    static Http authorization(String base, String header) {
        return new Http(base, Optional.of(header));
    }

    record Response(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text(), e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** POSTs {@code json} as UTF-8 with Content-Type application/json. */
    Response postJson(String path, String json) {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs {@code value} serialised by the API's own mapper. */
    Response postJson(String path, Object value) {
        try {
            return post(path, "application/json", Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * POSTs with {@code Expect: 100-continue}, so the body is sent only if the server asks for it. A
     * server that refuses on the headers alone then answers before any of the body is on the wire;
     * without this, its answer to a large body can be lost to a connection reset (the server closes
     * with the unread body in its receive buffer).
     */
    Response postExpectingContinue(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** POSTs without a Content-Type header. */
    Response postWithoutContentType(String path, byte[] body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** POSTs with chunked transfer encoding: no Content-Length, so the server must count. */
    Response postChunked(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    Response method(String method, String path) {
        if (method.equals("GET")) {
            return get(path);
        }
        if (method.equals("POST")) {
            return postJson(path, "{}");
        }
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts the answer is the API's error form: the code's status, Content-Type application/json,
     * and a body of exactly {"error": code, "reason": a non-empty sentence}.
     */
    static JsonNode assertError(Response response, ErrorCode code) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(code.httpStatus());
        assertThat(response.header("Content-Type")).as("content type of %s", response)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = response.json();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("fields of %s", response).containsExactly("error", "reason");
        assertThat(body.get("error").asText()).as("error of %s", response).isEqualTo(code.name());
        assertThat(body.get("reason").isTextual()).isTrue();
        assertThat(body.get("reason").asText()).isNotBlank();
        return body;
    }
}
