package org.hotline.alert;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hotline.delivery.Backoff;
import org.hotline.delivery.BoundedBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert's JSON to the configured URL. The body is signed so the receiver can tell it
 * came from this station and was not altered: header {@code X-Hotline-Signature: sha256=<hex>},
 * the HMAC-SHA256 of the exact body bytes under the shared secret (the scheme GitHub's webhooks
 * use, so receivers have code for it). {@code X-Hotline-Alert-Id} lets a receiver drop a repeat.
 *
 * <p>Network errors, 5xx, 408 and 429 are retried with capped exponential backoff and jitter up
 * to the configured number of attempts; any other answer below 200 or from 300 up is final (the
 * receiver understood and refused; sending the same bytes again cannot help). The log names only
 * the receiver's scheme, host and port: a webhook URL's path often is a secret itself.
 */
public final class WebhookSink implements AlertSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
    public static final String SIGNATURE_HEADER = "X-Hotline-Signature";
    public static final String ALERT_ID_HEADER = "X-Hotline-Alert-Id";
    private static final String HMAC = "HmacSHA256";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The most of a receiver's answer body read; it is thrown away anyway. */
    private static final long MAX_ANSWER_BYTES = 64 * 1024;
    /** The longest a receiver's Retry-After is honoured; beyond it our own backoff decides. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    /** How one alert's delivery ended. */
    public enum Outcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** The receiver answered with a final refusal (e.g. 400, 401); not retried. */
        REJECTED,
        /** Every attempt failed with a network error or a retryable status. */
        GAVE_UP,
        /** The station is stopping. */
        INTERRUPTED
    }

    private final URI url;
    private final String origin;
    private final SecretKeySpec key;
    private final int attempts;
    private final HttpClient http;
    private final Backoff backoff;

    /** Takes ownership of {@code http} (closed by {@link #close}); {@code backoff} is used by this sink alone. */
    public WebhookSink(AlertConfig.Webhook config, HttpClient http, Backoff backoff) {
        requireNonNull(config, "config is null");
        this.url = config.url();
        this.origin = origin(config.url());
        this.key = new SecretKeySpec(config.secret().getBytes(StandardCharsets.UTF_8), HMAC);
        this.attempts = config.attempts();
        this.http = requireNonNull(http, "http is null");
        this.backoff = requireNonNull(backoff, "backoff is null");
    }

    /** With the station's defaults: retries after about 1, 2, 4 ... s, never more than a minute apart. */
    public static WebhookSink create(AlertConfig.Webhook config) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // A redirect would be followed with the signature of a body meant for someone else.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new WebhookSink(config, http, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), new SecureRandom()));
    }

    /** "https://host:port": what may be logged of a webhook URL. */
    public static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code body} under {@code key}. */
    static String signature(byte[] body, SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JDK", e);
        }
    }

    @Override
    public void deliver(Alert alert) {
        send(alert);
    }

    /** Delivers one alert, retrying as needed; blocks until done. Never throws for the receiver's sake. */
    public synchronized Outcome send(Alert alert) {
        byte[] body = alert.toJsonBytes();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Hotline-Alerts/1")
                .header(SIGNATURE_HEADER, signature(body, key))
                .header(ALERT_ID_HEADER, alert.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        backoff.reset();
        for (int attempt = 1; ; attempt++) {
            String failure;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                // The receiver's answer body is not needed, but it is read only so far and so long:
                // an endless or dripping answer must not hold this channel's thread for good.
                HttpResponse<byte[]> response = BoundedBody.send(http, request, MAX_ANSWER_BYTES, REQUEST_TIMEOUT);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    if (attempt > 1) {
                        LOG.info("webhook {}: alert {} delivered on attempt {}", origin, alert.id(), attempt);
                    }
                    return Outcome.DELIVERED;
                }
                if (!retryable(status)) {
                    LOG.warn("webhook {}: alert {} refused with HTTP {}; not retrying", origin, alert.id(), status);
                    return Outcome.REJECTED;
                }
                failure = "HTTP " + status;
                retryAfter = response.headers().firstValue("Retry-After").flatMap(WebhookSink::seconds);
            } catch (IOException e) {
                // The exception's class says enough (refused, timed out, reset); its message may quote the URL.
                failure = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("webhook {}: alert {} not delivered: the station is stopping", origin, alert.id());
                return Outcome.INTERRUPTED;
            }
            if (attempt >= attempts) {
                LOG.warn("webhook {}: alert {} not delivered after {} attempt(s), last: {}", origin, alert.id(), attempt, failure);
                return Outcome.GAVE_UP;
            }
            Duration delay = backoff.nextDelay();
            if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
                delay = retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
            }
            LOG.info("webhook {}: alert {} attempt {}/{} failed ({}); retrying in {} ms", origin, alert.id(), attempt, attempts,
                    failure, delay.toMillis());
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("webhook {}: alert {} not delivered: the station is stopping", origin, alert.id());
                return Outcome.INTERRUPTED;
            }
        }
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** Retry-After in its delta-seconds form; the HTTP-date form is left to our own backoff. */
    private static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
