package org.hotline.backup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.hotline.StationFiles;
import org.hotline.config.StationConfig;
import org.hotline.crypto.SecretFiles;
import org.hotline.crypto.StationKeyFile;
import org.hotline.protocol.ChainAudit;
import org.hotline.protocol.Head;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.VerifyingKey;
import org.hotline.store.Database;
import org.hotline.store.JdbcStore;
import org.hotline.store.LineRecord;

/**
 * Consistent copies of a station, also while it runs: its config, identity key and CLI token,
 * and its SQLite store copied with {@code VACUUM INTO}, which reads one snapshot of the WAL
 * database. A restored copy is verified chain by chain before it is called good. PostgreSQL
 * stores are backed up with pg_dump (see the deployment guide).
 */
public final class Backup {
    private static final String DATABASE = "hotline.db";

    private Backup() {}

    /** One line's chains as verified: our head and the peer's. */
    public record VerifiedLine(String line, Head own, Head peer) {}

    public static void take(StationConfig config, Path target) throws IOException {
        if (Database.Dialect.of(config.storeUrl()) != Database.Dialect.SQLITE) {
            throw new IOException("this station's store is PostgreSQL: back it up with pg_dump (see docs/deployment.md), "
                    + "and copy hotline.conf, identity.key and cli.token yourself");
        }
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "the backup folder exists; give a new one");
        }
        SecretFiles.createFolder(target);
        Path data = config.dataDir();
        SecretFiles.create(target.resolve(StationConfig.FILE), Files.readAllBytes(StationConfig.file(data)));
        SecretFiles.create(StationFiles.keyFile(target), SecretFiles.read(StationFiles.keyFile(data)));
        SecretFiles.create(StationFiles.cliTokenFile(target), SecretFiles.read(StationFiles.cliTokenFile(data)));
        Path copy = target.resolve(DATABASE).toAbsolutePath();
        try (Connection connection = DriverManager.getConnection(config.storeUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IOException("could not copy the store: " + e.getMessage(), e);
        }
        SecretFiles.restrict(copy); // inside a 0700 folder from its first byte, and 0600 from here on
    }

    /** Restores a backup into a new data folder, then verifies every chain in it. */
    public static List<VerifiedLine> restore(Path backup, Path dataDir) throws IOException, ProtocolException {
        for (String file : List.of(StationConfig.FILE, StationFiles.KEY_FILE, StationFiles.CLI_TOKEN_FILE, DATABASE)) {
            if (!Files.exists(backup.resolve(file))) {
                throw new IOException(backup + " is not a Hotline backup: " + file + " is missing");
            }
        }
        if (Files.exists(StationConfig.file(dataDir)) || Files.exists(StationFiles.keyFile(dataDir))) {
            throw new FileAlreadyExistsException(dataDir.toString(), null, "a station already lives here; refusing to overwrite it");
        }
        SecretFiles.createFolder(dataDir);
        SecretFiles.create(StationConfig.file(dataDir), Files.readAllBytes(backup.resolve(StationConfig.FILE)));
        SecretFiles.create(StationFiles.keyFile(dataDir), SecretFiles.read(StationFiles.keyFile(backup)));
        SecretFiles.create(StationFiles.cliTokenFile(dataDir), SecretFiles.read(StationFiles.cliTokenFile(backup)));
        Files.copy(backup.resolve(DATABASE), dataDir.resolve(DATABASE), StandardCopyOption.COPY_ATTRIBUTES);
        SecretFiles.restrict(dataDir.resolve(DATABASE));
        return verify(StationConfig.load(dataDir, java.util.Map.of()));
    }

    /** Checks every line's two chains: signatures, seq continuity and prev links. */
    public static List<VerifiedLine> verify(StationConfig config) throws IOException, ProtocolException {
        VerifyingKey ours = StationKeyFile.read(StationFiles.keyFile(config.dataDir())).verifyingKey();
        List<VerifiedLine> verified = new ArrayList<>();
        try (JdbcStore store = JdbcStore.open(config.storeUrl())) {
            for (LineRecord line : store.lines()) {
                Head own = ChainAudit.verify(line.id(), ours, store.wholeChain(line.id(), ours.stationId()));
                Head peer = ChainAudit.verify(line.id(), line.peerKey(), store.wholeChain(line.id(), line.peerId()));
                verified.add(new VerifiedLine(line.name(), own, peer));
            }
        }
        return verified;
    }
}
