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
import org.hotline.store.JdbcStore;
import org.hotline.store.Role;
import org.hotline.store.Store;

/**
 * The station's data folder: {@code hotline.conf}, {@code identity.key} (0600), the SQLite store
 * and {@code cli.token} (0600), the operator token the local CLI uses.
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

    /** Creates a new station. Refuses to touch a folder that already holds one. */
    public static StationId init(Path dataDir, String name, Address federationListen, Optional<Address> advertise, Address apiListen,
            SecureRandom random, Clock clock) throws IOException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the station needs a name (--name \"Blue House\")");
        }
        if (Files.exists(StationConfig.file(dataDir)) || Files.exists(keyFile(dataDir))) {
            throw new FileAlreadyExistsException(dataDir.toAbsolutePath().toString(), null,
                    "a station already lives here; refusing to touch it");
        }
        if (!Files.exists(dataDir)) {
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else if (!Files.isDirectory(dataDir)) {
            throw new IOException(dataDir + " is not a folder");
        }
        SigningKey key = SigningKey.generate(random);
        StationKeyFile.write(keyFile(dataDir), key);
        StationConfig.writeNew(dataDir, name.strip(), federationListen, advertise, apiListen);
        StationConfig config = StationConfig.load(dataDir, java.util.Map.of());
        try (Store store = JdbcStore.open(config.storeUrl())) {
            String token = createToken(store, "cli", Role.OPERATOR, random, clock);
            SecretFiles.create(cliTokenFile(dataDir), (token + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return key.verifyingKey().stationId();
    }

    /** Makes a new API token and returns its secret, which is stored only as a hash. */
    public static String createToken(Store store, String name, Role role, SecureRandom random, Clock clock) {
        String token = Tokens.newSecret(random, "hl_");
        store.insertToken(new ApiToken(Tokens.hashOf(token), name, role, clock.instant()));
        return token;
    }

    public static String readCliToken(Path dataDir) throws IOException {
        return new String(SecretFiles.read(cliTokenFile(dataDir)), StandardCharsets.UTF_8).strip();
    }
}
