package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hotline.backup.Backup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Copy a station, also while it runs: config, identity key, CLI token, and a consistent snapshot of its SQLite store.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    DataOption station;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "A new folder for the backup (created, mode 0700).")
    Path target;

    @Override
    public Integer call() throws CliException {
        try {
            Backup.take(station.config(), target);
        } catch (IOException e) {
            throw new CliException("backup failed: " + e.getMessage());
        }
        System.out.println("Backup written to " + target.toAbsolutePath() + ". It holds the station's private key: keep it as safe as the station.");
        return 0;
    }
}
