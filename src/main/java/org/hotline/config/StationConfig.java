package org.hotline.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.hotline.crypto.SecretFiles;
import org.hotline.alert.AlertConfig;
import org.hotline.store.Database;

/**
 * A station's configuration, from {@code hotline.conf} in its data folder; every key can be
 * overridden by an environment variable ({@code federation.listen} by
 * {@code HOTLINE_FEDERATION_LISTEN}). Validated as a whole: a bad key is named in the error.
 */
public record StationConfig(
        Path dataDir,
        String name,
        Address federationListen,
        Optional<Address> federationAdvertise,
        Address apiListen,
        String storeUrl,
        int batchSize,
        Duration heartbeat,
        Duration invitationTtl,
        long maxBodyBytes,
        Duration idleTimeout,
        Duration clockSkew,
        LineQuota lineQuota,
        Optional<HaNodeConfig> ha,
        AlertConfig alerts,
        Optional<java.net.URI> feedPublicUrl) {

    public static final String FILE = "hotline.conf";

    /**
     * The smallest body limit allowed: a batch of one entry of the largest size an author may
     * write (64 KiB, as base64 in JSON about 87.5 KB) must always fit, or the line would jam.
     */
    public static final long MIN_BODY_BYTES = 128 * 1024;

    /** Every key with its default; the README's configuration table follows this list. */
    public static final Map<String, String> DEFAULTS = defaults();

    public StationConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(name, "name is null");
        requireNonNull(federationListen, "federationListen is null");
        requireNonNull(federationAdvertise, "federationAdvertise is null");
        requireNonNull(apiListen, "apiListen is null");
        requireNonNull(storeUrl, "storeUrl is null");
        requireNonNull(heartbeat, "heartbeat is null");
        requireNonNull(invitationTtl, "invitationTtl is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(clockSkew, "clockSkew is null");
        requireNonNull(lineQuota, "lineQuota is null");
        requireNonNull(ha, "ha is null");
        requireNonNull(alerts, "alerts is null");
        requireNonNull(feedPublicUrl, "feedPublicUrl is null");
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("station.name", "");
        defaults.put("federation.listen", "0.0.0.0:7443");
        defaults.put("federation.advertise", "");
        defaults.put("api.listen", "127.0.0.1:7444");
        defaults.put("store.url", "");
        defaults.put("delivery.batch-size", "500");
        defaults.put("delivery.heartbeat-seconds", "5");
        defaults.put("invitation.ttl-hours", "24");
        defaults.put("limits.max-body-bytes", String.valueOf(8 * 1024 * 1024));
        defaults.put("limits.idle-timeout-seconds", "30");
        defaults.put("limits.clock-skew-seconds", "300");
        defaults.put("limits.line-entries-per-window", "20000");
        defaults.put("limits.line-bytes-per-window", String.valueOf(64 * 1024 * 1024));
        defaults.put("limits.quota-window-seconds", "3600");
        defaults.put("feed.public-url", "");
        defaults.put("ha.node", "");
        defaults.put("ha.host", "127.0.0.1");
        // The alerts.* keys are validated by AlertConfig; listed here so they are known keys with env overrides.
        defaults.putAll(AlertConfig.DEFAULTS);
        return Map.copyOf(defaults);
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    public static StationConfig load(Path dataDir) throws IOException {
        return load(dataDir, System.getenv());
    }

    public static StationConfig load(Path dataDir, Map<String, String> environment) throws IOException {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            throw new IOException("no station at " + dataDir.toAbsolutePath() + " (" + FILE
                    + " not found); create one with: hotline init --data " + dataDir + " --name NAME");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (!DEFAULTS.containsKey(key)) {
                unknown.add(key);
            }
            values.put(key, properties.getProperty(key).trim());
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(file + ": unknown key " + String.join(", ", unknown)
                    + "; known keys are " + String.join(", ", new TreeSet<>(DEFAULTS.keySet())));
        }
        for (String key : DEFAULTS.keySet()) {
            String variable = "HOTLINE_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
            String override = environment.get(variable);
            if (override != null) {
                values.put(key, override.trim());
            }
        }
        return fromValues(dataDir, values, file.toString());
    }

    static StationConfig fromValues(Path dataDir, Map<String, String> values, String source) {
        String name = get(values, "station.name");
        if (name.isBlank()) {
            throw new ConfigException(source + ": station.name must be set");
        }
        try {
            org.hotline.text.Names.station(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": station.name: " + e.getMessage());
        }
        String storeUrl = get(values, "store.url");
        if (storeUrl.isBlank()) {
            storeUrl = defaultStoreUrl(dataDir);
        }
        try {
            Database.Dialect.of(storeUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": store.url: " + e.getMessage());
        }
        String advertise = get(values, "federation.advertise");
        Address federationListen = address(values, "federation.listen", source);
        Address apiListen = address(values, "api.listen", source);
        Optional<HaNodeConfig> ha = ha(values, source, storeUrl, federationListen, apiListen);
        long maxBodyBytes = number(values, "limits.max-body-bytes", MIN_BODY_BYTES, 256L * 1024 * 1024, source);
        return new StationConfig(
                dataDir,
                name,
                federationListen,
                advertise.isBlank() ? Optional.empty() : Optional.of(address(values, "federation.advertise", source)),
                apiListen,
                storeUrl,
                (int) number(values, "delivery.batch-size", 1, 1000, source),
                Duration.ofSeconds(number(values, "delivery.heartbeat-seconds", 1, 3600, source)),
                Duration.ofHours(number(values, "invitation.ttl-hours", 1, 24 * 30, source)),
                maxBodyBytes,
                Duration.ofSeconds(number(values, "limits.idle-timeout-seconds", 1, 3600, source)),
                Duration.ofSeconds(number(values, "limits.clock-skew-seconds", 1, 7 * 24 * 3600, source)),
                lineQuota(values, source, maxBodyBytes),
                ha,
                AlertConfig.fromValues(values, source),
                publicUrl(get(values, "feed.public-url"), source));
    }

    /**
     * The public base URL of the feeds and statement links ({@code feed.public-url}), e.g.
     * {@code https://statements.example.org} or {@code https://example.org/hotline}. Feeds are built
     * from it, never from a request's Host header, which any client sets as it likes.
     */
    private static Optional<java.net.URI> publicUrl(String value, String source) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        String problem = "feed.public-url: '" + org.hotline.text.Printable.line(value)
                + "' must be an absolute http or https URL with a host and no query, fragment or user, e.g. https://example.org/hotline";
        java.net.URI url;
        try {
            url = new java.net.URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(source + ": " + problem);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.getRawQuery() != null
                || url.getRawFragment() != null || url.getRawUserInfo() != null || url.isOpaque()) {
            throw new ConfigException(source + ": " + problem);
        }
        return Optional.of(url);
    }

    /**
     * The per-line storage quota. It must hold at least one batch of the largest size accepted
     * (entries and bytes), or a peer's batch could never fit and the line would jam.
     */
    private static LineQuota lineQuota(Map<String, String> values, String source, long maxBodyBytes) {
        long entries = number(values, "limits.line-entries-per-window", org.hotline.protocol.ChainRules.MAX_BATCH, 1_000_000_000L, source);
        String bytesKey = "limits.line-bytes-per-window";
        long bytes = number(values, bytesKey, MIN_BODY_BYTES, 1L << 40, source);
        if (bytes < maxBodyBytes) {
            throw new ConfigException(source + ": " + bytesKey + ": " + bytes + " is less than limits.max-body-bytes (" + maxBodyBytes
                    + "); a batch of the largest size accepted must fit in the quota");
        }
        long seconds = number(values, "limits.quota-window-seconds", 1, 7 * 24 * 3600, source);
        return new LineQuota(entries, bytes, Duration.ofSeconds(seconds));
    }

    /** High availability: several nodes on one PostgreSQL database, each with fixed ports. */
    private static Optional<HaNodeConfig> ha(Map<String, String> values, String source, String storeUrl, Address federationListen,
            Address apiListen) {
        String node = get(values, "ha.node");
        if (node.isBlank()) {
            return Optional.empty();
        }
        if (!node.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new ConfigException(source + ": ha.node: use 1-100 letters, digits, '.', '_' or '-'");
        }
        if (Database.Dialect.of(storeUrl) != Database.Dialect.POSTGRESQL) {
            throw new ConfigException(source + ": ha.node is set, but high availability needs a PostgreSQL store.url"
                    + " that all nodes share");
        }
        if (federationListen.port() == 0 || apiListen.port() == 0) {
            throw new ConfigException(source + ": ha.node is set, so federation.listen and api.listen need fixed ports"
                    + " (followers relay them to the leader)");
        }
        String host = get(values, "ha.host");
        if (host.isBlank() || host.contains(":") && !host.startsWith("[")) {
            throw new ConfigException(source + ": ha.host: the host name or address other nodes reach this node at");
        }
        return Optional.of(new HaNodeConfig(node, host));
    }

    private static String get(Map<String, String> values, String key) {
        return values.getOrDefault(key, DEFAULTS.get(key));
    }

    private static Address address(Map<String, String> values, String key, String source) {
        try {
            return Address.parse(get(values, key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + key + ": " + e.getMessage());
        }
    }

    private static long number(Map<String, String> values, String key, long min, long max, String source) {
        return ConfigValues.number(get(values, key), key, min, max, source);
    }

    /** The store when {@code store.url} is empty: SQLite in the data folder. */
    public static String defaultStoreUrl(Path dataDir) {
        return Database.sqliteUrl(dataDir.resolve("hotline.db"));
    }

    /**
     * Why invitations from this station may not reach a peer on another machine: it listens on every
     * interface but advertises nothing, so invitations carry 127.0.0.1. Empty when all is well.
     */
    public Optional<String> advertiseWarning() {
        if (federationAdvertise().isPresent() || !federationListen().isWildcard()) {
            return Optional.empty();
        }
        return Optional.of("the federation port listens on " + federationListen() + " but federation.advertise is not set,"
                + " so invitations will say " + federationListen().connectable() + ", which only this machine can reach;"
                + " set federation.advertise=HOST:PORT in hotline.conf (or init --advertise) to the address peers dial");
    }

    /** Writes a new config file for {@code hotline init}, with every key shown and commented. */
    public static void writeNew(Path dataDir, String name, Address federationListen, Optional<Address> advertise, Address apiListen,
            Optional<String> storeUrl) throws IOException {
        String text = """
                # Hotline station configuration. Every key can be overridden by an environment
                # variable: federation.listen -> HOTLINE_FEDERATION_LISTEN, and so on.

                # The party's name, shown to the other side when a line is opened.
                station.name=%s

                # Where peers reach this station (mutual TLS). 0.0.0.0 listens on every interface.
                federation.listen=%s
                # The host:port written into invitations; defaults to the listen address.
                federation.advertise=%s

                # The operator API. Keep it on loopback unless a proxy guards it.
                api.listen=%s

                # JDBC URL of the store; empty means SQLite in this folder (hotline.db).
                store.url=%s

                # Entries per batch sent to the peer, and seconds between link heartbeats.
                delivery.batch-size=500
                delivery.heartbeat-seconds=5

                # How long an invitation stays valid.
                invitation.ttl-hours=24

                # Largest request body accepted on either port.
                limits.max-body-bytes=8388608
                # Seconds a connection on either port may send nothing before it is closed (slow or
                # stalled clients); must exceed delivery.heartbeat-seconds.
                limits.idle-timeout-seconds=30
                # How far ahead of this station's clock the other side's entries may be dated (and
                # before the line's opening) before they are refused as implausible (BAD_TIME).
                limits.clock-skew-seconds=300
                # How much the other side may store here on one line: entries and bytes per window
                # (seconds), refilled evenly. Past it its batches are refused (QUOTA_EXCEEDED) until
                # there is room again. At least 1000 entries and limits.max-body-bytes bytes.
                limits.line-entries-per-window=20000
                limits.line-bytes-per-window=67108864
                limits.quota-window-seconds=3600

                # High availability (PostgreSQL only): a name for this node, unique in the station,
                # and the host other nodes reach it at. Empty ha.node = a single node.
                ha.node=
                ha.host=127.0.0.1

                # Alerts (missed call, link down, suspension by the peer, equivocation, flash
                # message) always go to the log and to GET /api/v1/events. Also send them to:
                # a webhook (empty = off): POST of the alert JSON, signed with
                # X-Hotline-Signature: sha256=HMAC-SHA256(body, secret); secret of 16+ characters.
                alerts.webhook-url=
                alerts.webhook-secret=
                alerts.webhook-attempts=8
                # mail through SMTP (empty host = off); mail-to is a comma-separated list.
                alerts.smtp-host=
                alerts.smtp-port=587
                alerts.smtp-starttls=true
                alerts.smtp-user=
                alerts.smtp-password=
                alerts.mail-from=
                alerts.mail-to=
                # Seconds a link may be down before it is an alert.
                alerts.link-down-seconds=120
                # Alerts of one kind on one line within this many seconds go out as one
                # ("and 2,999 more flash messages"); 0 sends each on its own.
                alerts.coalesce-seconds=60
                """.formatted(escape(name), federationListen, advertise.map(Address::toString).orElse(""), apiListen,
                        escapeValue(storeUrl.orElse("")));
        // 0600: the file will hold the webhook secret, the SMTP password and the store URL.
        SecretFiles.create(file(dataDir), text.getBytes(StandardCharsets.UTF_8));
    }

    /** A value after {@code key=}: only backslashes and non-ASCII need escaping; line breaks cannot be written. */
    private static String escapeValue(String value) {
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("a configuration value cannot contain a line break");
        }
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '=' || c == ':' || c == '#' || c == '!') {
                out.append('\\');
            }
            if (c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
