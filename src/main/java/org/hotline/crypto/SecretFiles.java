package org.hotline.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets: created with mode 0600 from the first byte (never written and then
 * chmod-ed), and refused on reading when anybody but the owner could read them, as ssh does. Every
 * file the station writes is one (its store and config hold tokens, passwords and transcripts), and
 * every folder it makes is 0700, whatever the umask.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private SecretFiles() {}

    /** Creates {@code file} with mode 0600 and writes {@code content} durably. Fails if it exists. */
    public static void create(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        // The umask may have narrowed the mode further, never widened it; make it exact.
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    /**
     * Makes {@code folder} (and missing parents) with mode 0700, or narrows an existing one to 0700:
     * a data folder made by hand under umask 022 would otherwise let anyone list it.
     */
    public static void createFolder(Path folder) throws IOException {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
        Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER);
    }

    /** Narrows an existing file to 0600 (files that another program, such as SQLite, creates). */
    public static void restrict(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    /**
     * Prepares a SQLite database file before SQLite opens it: creates it empty with mode 0600 (SQLite
     * gives its {@code -wal} and {@code -shm} files the mode of the database), and narrows an existing
     * database and its companions that an older station or a copy left wider.
     */
    public static void prepareDatabase(Path database) throws IOException {
        if (!Files.exists(database)) {
            try (FileChannel channel = FileChannel.open(
                    database,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                channel.force(true);
            }
        }
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            restrict(database.resolveSibling(database.getFileName() + suffix));
        }
    }

    public static byte[] read(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        for (PosixFilePermission permission : permissions) {
            if (permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS")) {
                throw new IOException(file + " is readable by others (mode "
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        }
        return Files.readAllBytes(file);
    }
}
