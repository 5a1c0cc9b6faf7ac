package org.hotline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.hotline.config.Address;
import org.hotline.config.StationConfig;
import org.hotline.crypto.SecretFiles;
import org.hotline.crypto.StationKeyFile;
import org.hotline.crypto.Tokens;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;
import org.hotline.store.ApiToken;
import org.hotline.store.Database;
import org.hotline.store.JdbcStore;
import org.hotline.store.Role;
import org.hotline.store.Store;
import org.hotline.store.User;

/**
 * The station's data folder: {@code hotline.conf}, {@code identity.key} (0600), the SQLite store
 * ({@code hotline.db}, unless {@code store.url} names another) and {@code cli.token} (0600), the
 * station token the local CLI uses (role principal, held by no user in particular).
 */
public final class StationFiles {
    public static final String KEY_FILE = "identity.key";
    public static final String CLI_TOKEN_FILE = "cli.token";

    private StationFiles() {}

    public static Path keyFile(Path dataDir) {
        return dataDir.resolve(KEY_FILE);
    }

    public static Path cliTokenFile(Path dataDir) {
        return dataDir.resolve(CLI_TOKEN_FILE);
    }

    /** Creates a new station with its store in SQLite in {@code dataDir}. Refuses to touch a folder that already holds one. */
    public static StationId init(Path dataDir, String name, Address federationListen, Optional<Address> advertise, Address apiListen,
            SecureRandom random, Clock clock) throws IOException {
        return init(dataDir, name, federationListen, advertise, apiListen, Optional.empty(), random, clock);
    }

    /**
     * Creates a new station; its store is at {@code storeUrl} (a JDBC URL, written to
     * {@code hotline.conf}) or, if empty, SQLite in {@code dataDir}. The CLI token is created in
     * that store, so the CLI works against the station whichever store it runs on. Refuses to
     * touch a folder that already holds a station, or a store that already holds lines.
     */
    public static StationId init(Path dataDir, String name, Address federationListen, Optional<Address> advertise, Address apiListen,
            Optional<String> storeUrl, SecureRandom random, Clock clock) throws IOException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the station needs a name (--name \"Blue House\")");
        }
        org.hotline.text.Names.station(name.strip());
        Optional<String> url = storeUrl.map(String::strip).filter(u -> !u.isEmpty());
        url.ifPresent(Database.Dialect::of);
        if (Files.exists(StationConfig.file(dataDir)) || Files.exists(keyFile(dataDir))) {
            throw new FileAlreadyExistsException(dataDir.toAbsolutePath().toString(), null,
                    "a station already lives here; refusing to touch it");
        }
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new IOException(dataDir + " is not a folder");
        }
        SecretFiles.createFolder(dataDir);
        // The store first: if it cannot be reached, nothing is written and init can simply be run again.
        String storeAt = url.orElseGet(() -> StationConfig.defaultStoreUrl(dataDir));
        JdbcStore opened;
        try {
            opened = JdbcStore.open(storeAt);
        } catch (RuntimeException e) {
            throw new IOException("cannot open the store " + masked(storeAt) + ": " + e.getMessage(), e);
        }
        try (Store store = opened) {
            if (!store.lines().isEmpty()) {
                throw new IOException("the store " + masked(storeAt) + " already holds another station's lines;"
                        + " give each station its own database");
            }
            SigningKey key = SigningKey.generate(random);
            StationKeyFile.write(keyFile(dataDir), key);
            StationConfig.writeNew(dataDir, name.strip(), federationListen, advertise, apiListen, url);
            // The station's own token: whoever can read this 0600 file can read the station's key too, so
            // it carries the highest role, and the local CLI (and the demo) can also cut and restore lines.
            String token = createToken(store, "cli", Role.PRINCIPAL, random, clock);
            SecretFiles.create(cliTokenFile(dataDir), (token + "\n").getBytes(StandardCharsets.UTF_8));
            return key.verifyingKey().stationId();
        }
    }

    private static String masked(String jdbcUrl) {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }

    /**
     * Makes a new API token of the station's own user ({@link User#STATION}) that never expires, and
     * returns its secret, which is stored only as a hash: {@code init}'s {@code cli.token}.
     */
    public static String createToken(Store store, String name, Role role, SecureRandom random, Clock clock) {
        String token = Tokens.newSecret(random, "hl_");
        store.insertToken(new ApiToken(Tokens.hashOf(token), name, role, clock.instant(), User.STATION, Optional.empty()));
        return token;
    }

    public static String readCliToken(Path dataDir) throws IOException {
        return new String(SecretFiles.read(cliTokenFile(dataDir)), StandardCharsets.UTF_8).strip();
    }
}
