package org.hotline.alert;

import static java.util.Objects.requireNonNull;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hotline.config.ConfigException;
import org.hotline.config.ConfigValues;

/**
 * Where alerts go, from the {@code alerts.*} keys of {@code hotline.conf}. An empty webhook URL or
 * SMTP host turns that channel off; the log and the event stream are always on. Validated as a
 * whole, and a bad value is named by its key, as in {@link org.hotline.config.StationConfig}.
 *
 * @param linkDown how long a line's link may be down before it is an alert: short outages are
 *     normal on any network and would teach operators to ignore the alert
 * @param coalesce the window in which alerts of one kind on one line go out as one (zero: each
 *     alert on its own): a peer must not be able to bury the operator in thousands of alerts
 */
public record AlertConfig(Optional<Webhook> webhook, Optional<Mail> mail, Duration linkDown, Duration coalesce) {

    /** Shortest webhook secret accepted: shorter ones can be guessed offline from one signed alert. */
    public static final int MIN_SECRET_LENGTH = 16;

    /** Every key with its default, to merge into the station's list of known keys. */
    public static final Map<String, String> DEFAULTS = defaults();

    public AlertConfig {
        requireNonNull(webhook, "webhook is null");
        requireNonNull(mail, "mail is null");
        requireNonNull(linkDown, "linkDown is null");
        requireNonNull(coalesce, "coalesce is null");
    }

    public AlertConfig(Optional<Webhook> webhook, Optional<Mail> mail, Duration linkDown) {
        this(webhook, mail, linkDown, Duration.ofSeconds(60));
    }

    /** The webhook channel; {@link #toString()} leaves the secret out, so the record can be logged. */
    public record Webhook(URI url, String secret, int attempts) {
        public Webhook {
            requireNonNull(url, "url is null");
            requireNonNull(secret, "secret is null");
        }

        @Override
        public String toString() {
            return "Webhook[url=" + WebhookSink.origin(url) + "/..., secret=(hidden), attempts=" + attempts + "]";
        }
    }

    /** A user name and password for SMTP AUTH; {@link #toString()} leaves the password out. */
    public record Credentials(String user, String password) {
        public Credentials {
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=(hidden)]";
        }
    }

    /**
     * The mail channel.
     *
     * @param starttls when true, STARTTLS is required before anything else is said, and the
     *     server's certificate and name are checked; when the server does not offer it, no mail
     *     (and no password) is sent
     */
    public record Mail(String host, int port, boolean starttls, Optional<Credentials> credentials, String from, List<String> to) {
        public Mail {
            requireNonNull(host, "host is null");
            requireNonNull(credentials, "credentials is null");
            requireNonNull(from, "from is null");
            to = List.copyOf(to);
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("alerts.webhook-url", "");
        defaults.put("alerts.webhook-secret", "");
        defaults.put("alerts.webhook-attempts", "8");
        defaults.put("alerts.smtp-host", "");
        defaults.put("alerts.smtp-port", "587");
        defaults.put("alerts.smtp-starttls", "true");
        defaults.put("alerts.smtp-user", "");
        defaults.put("alerts.smtp-password", "");
        defaults.put("alerts.mail-from", "");
        defaults.put("alerts.mail-to", "");
        defaults.put("alerts.link-down-seconds", "120");
        defaults.put("alerts.coalesce-seconds", "60");
        return java.util.Collections.unmodifiableMap(defaults);
    }

    /**
     * Reads the {@code alerts.*} keys from {@code values} (missing keys take their default; other
     * keys are ignored). {@code source} names the file in errors.
     *
     * @throws ConfigException naming the first bad key
     */
    public static AlertConfig fromValues(Map<String, String> values, String source) {
        return new AlertConfig(webhook(values, source), mail(values, source),
                Duration.ofSeconds(number(values, "alerts.link-down-seconds", 1, 7 * 24 * 3600, source)),
                Duration.ofSeconds(number(values, "alerts.coalesce-seconds", 0, 3600, source)));
    }

    private static Optional<Webhook> webhook(Map<String, String> values, String source) {
        String text = get(values, "alerts.webhook-url");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(source, "alerts.webhook-url", "not a URL (" + e.getReason() + ")");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw bad(source, "alerts.webhook-url", "give an http:// or https:// URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            // Not quoted back: it holds a password. The HMAC signature is what proves the sender.
            throw bad(source, "alerts.webhook-url", "must not hold a user name or password; the receiver checks the signature instead");
        }
        String secret = get(values, "alerts.webhook-secret");
        if (secret.isEmpty()) {
            throw bad(source, "alerts.webhook-secret", "must be set when alerts.webhook-url is, so the receiver can check the signature");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            // The value itself is never quoted: it is a secret, and the error may end up in a log.
            throw bad(source, "alerts.webhook-secret", "is shorter than " + MIN_SECRET_LENGTH
                    + " characters; use a random one, e.g. from `openssl rand -hex 32`");
        }
        return Optional.of(new Webhook(url, secret, (int) number(values, "alerts.webhook-attempts", 1, 100, source)));
    }

    private static Optional<Mail> mail(Map<String, String> values, String source) {
        String host = get(values, "alerts.smtp-host");
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (!host.matches("[A-Za-z0-9._:\\[\\]-]+")) {
            throw bad(source, "alerts.smtp-host", "'" + host + "' is not a host name or address");
        }
        int port = (int) number(values, "alerts.smtp-port", 1, 65535, source);
        boolean starttls = switch (get(values, "alerts.smtp-starttls")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(source, "alerts.smtp-starttls", "'" + get(values, "alerts.smtp-starttls") + "' is not true or false");
        };
        String user = get(values, "alerts.smtp-user");
        String password = get(values, "alerts.smtp-password");
        if (!user.isEmpty() && password.isEmpty()) {
            throw bad(source, "alerts.smtp-password", "must be set when alerts.smtp-user is");
        }
        if (user.isEmpty() && !password.isEmpty()) {
            throw bad(source, "alerts.smtp-user", "must be set when alerts.smtp-password is");
        }
        Optional<Credentials> credentials = user.isEmpty() ? Optional.empty() : Optional.of(new Credentials(user, password));
        String from = get(values, "alerts.mail-from");
        if (from.isEmpty()) {
            throw bad(source, "alerts.mail-from", "must be set when alerts.smtp-host is");
        }
        address(from, "alerts.mail-from", source);
        String toText = get(values, "alerts.mail-to");
        if (toText.isEmpty()) {
            throw bad(source, "alerts.mail-to", "must name at least one recipient when alerts.smtp-host is set");
        }
        List<String> to = new ArrayList<>();
        for (String part : toText.split(",", -1)) {
            String recipient = part.strip();
            if (recipient.isEmpty()) {
                throw bad(source, "alerts.mail-to", "has an empty entry; separate addresses with single commas");
            }
            address(recipient, "alerts.mail-to", source);
            to.add(recipient);
        }
        return Optional.of(new Mail(host, port, starttls, credentials, from, to));
    }

    private static void address(String text, String key, String source) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            if (address.getAddress() == null || !address.getAddress().contains("@")) {
                throw new AddressException("missing @domain");
            }
        } catch (AddressException e) {
            throw bad(source, key, "'" + text + "' is not a mail address (" + e.getMessage() + ")");
        }
    }

    private static String get(Map<String, String> values, String key) {
        return values.getOrDefault(key, DEFAULTS.get(key)).strip();
    }

    private static long number(Map<String, String> values, String key, long min, long max, String source) {
        return ConfigValues.number(get(values, key), key, min, max, source);
    }

    private static ConfigException bad(String source, String key, String problem) {
        return new ConfigException(source + ": " + key + ": " + problem);
    }
}
