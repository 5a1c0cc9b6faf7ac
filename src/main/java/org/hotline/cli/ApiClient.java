package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.hotline.delivery.BoundedBody;
import org.hotline.web.Json;

/** The CLI's client of a running station's operator API. */
final class ApiClient {
    /** The largest answer read: a whole transcript export of a long, busy line fits. */
    static final long MAX_ANSWER_BYTES = 1024L * 1024 * 1024;
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * A client acting as principal {@code user}: a token acts only for its own user, so this asks the
     * station for a one-hour principal token of {@code user}. The station makes it only from that
     * user's own token or from the station's own ({@code cli.token}, whose holder administers the station).
     */
    ApiClient actingAs(String user) throws CliException {
        JsonNode issued = post("api/v1/tokens", java.util.Map.of("name", "cli as " + user, "user", user, "role", "principal", "ttlHours", 1));
        return new ApiClient(base, issued.path("token").asText());
    }

    JsonNode get(String path, Duration timeout) throws CliException {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET());
    }

    JsonNode get(String path) throws CliException {
        return get(path, Duration.ofSeconds(30));
    }

    JsonNode post(String path, Object body) throws CliException {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new CliException("cannot encode the request: " + e.getMessage());
        }
    }

    /** The body of a GET as the station sent it, byte for byte (a transcript bundle must not be re-serialised). */
    byte[] getBytes(String path) throws CliException {
        HttpResponse<byte[]> response = exchange(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET());
        if (response.statusCode() / 100 != 2) {
            refuse(response);
        }
        return response.body();
    }

    private JsonNode send(HttpRequest.Builder builder) throws CliException {
        HttpResponse<byte[]> response = exchange(builder);
        if (response.statusCode() / 100 != 2) {
            refuse(response);
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new CliException("the station answered " + response.statusCode() + " with an unreadable body");
        }
    }

    private static void refuse(HttpResponse<byte[]> response) throws CliException {
        String reason = "";
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            reason = body == null ? "" : body.path("reason").asText("");
        } catch (IOException e) {
            // No JSON reason: the status says it.
        }
        throw new CliException(reason.isEmpty() ? "the station answered " + response.statusCode() : reason);
    }

    private HttpResponse<byte[]> exchange(HttpRequest.Builder builder) throws CliException {
        HttpRequest request = builder.header("Authorization", "Bearer " + token).build();
        try {
            // Bounded like every answer this project reads: --api may name any server.
            return BoundedBody.send(http, request, MAX_ANSWER_BYTES, request.timeout().orElse(Duration.ofSeconds(60)).plusSeconds(30));
        } catch (ConnectException e) {
            throw new CliException.NotRunning("the station is not running (nothing answers at " + base
                    + "); start it with: hotline serve --data DIR");
        } catch (BoundedBody.TooLargeException e) {
            throw new CliException("the station at " + base + " answered with more than " + MAX_ANSWER_BYTES + " bytes");
        } catch (HttpTimeoutException e) {
            throw new CliException("the station at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new CliException("cannot talk to the station at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
