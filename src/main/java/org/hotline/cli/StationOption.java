package org.hotline.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.hotline.StationFiles;
import org.hotline.config.StationConfig;
import picocli.CommandLine.Option;

/** The options every command that works on a station shares: which data folder, which API. */
final class StationOption {
    @Option(names = {"-d", "--data"}, paramLabel = "DIR", description = DataOption.DESCRIPTION)
    Path data;

    @Option(names = "--api", paramLabel = "URL",
            description = "Operator API of a running station (default: from the data folder's config).")
    URI api;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token (default: $HOTLINE_TOKEN, else the data folder's cli.token).")
    String token;

    Path dataDir() {
        return data != null ? data : DataOption.defaultFolder();
    }

    StationConfig config() throws CliException {
        return DataOption.load(dataDir());
    }

    /**
     * For commands that also work on a stopped station's store (tokens, users, export): called when
     * nothing answers at the API. With {@code --api} the caller named a station, so the failure
     * stands; otherwise it says on stderr that it works offline, and where.
     */
    void goOffline(CliException.NotRunning notRunning) throws CliException {
        if (api != null) {
            throw notRunning;
        }
        System.err.println("The station is not running (nothing answers at its API): working offline on its store in "
                + dataDir().toAbsolutePath() + ".");
    }

    /** The station's people, straight on its store: only for a stopped station (see {@link #goOffline}). */
    static org.hotline.user.Users offlineUsers(org.hotline.store.Store store) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        return new org.hotline.user.Users(store, new org.hotline.crypto.Passwords(org.hotline.crypto.Passwords.STANDARD, random), random,
                java.time.Clock.systemUTC());
    }

    /**
     * Who acts offline: whoever can open the stopped station's store can read its key and
     * {@code cli.token} too, so the station's own user, as with {@code cli.token}.
     */
    static org.hotline.store.ApiToken offlineMaker() {
        return new org.hotline.store.ApiToken(org.hotline.crypto.Tokens.hashOf("offline"), "offline CLI", org.hotline.store.Role.PRINCIPAL,
                java.time.Instant.now(), org.hotline.store.User.STATION, java.util.Optional.empty());
    }

    ApiClient client() throws CliException {
        URI base = api;
        if (base == null) {
            var listen = config().apiListen().connectable();
            base = URI.create("http://" + listen + "/");
        } else if (!base.toString().endsWith("/")) {
            base = URI.create(base + "/");
        }
        String secret = token != null ? token : System.getenv("HOTLINE_TOKEN");
        if (secret == null || secret.isBlank()) {
            try {
                secret = StationFiles.readCliToken(dataDir());
            } catch (IOException e) {
                throw new CliException("no API token: give --token, set HOTLINE_TOKEN, or use a data folder with cli.token ("
                        + e.getMessage() + ")");
            }
        }
        return new ApiClient(base, secret);
    }
}
