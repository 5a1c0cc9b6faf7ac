package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hotline.backup.Backup;
import org.hotline.protocol.ProtocolException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore-backup", mixinStandardHelpOptions = true,
        description = "Restore a backup into a new data folder and verify every chain in it.")
final class RestoreBackupCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The backup folder.")
    Path from;

    @Option(names = {"-d", "--data"}, required = true, paramLabel = "DIR", description = "The new data folder (must not hold a station).")
    Path data;

    @Override
    public Integer call() throws CliException {
        try {
            for (Backup.VerifiedLine line : Backup.restore(from, data)) {
                System.out.printf("line %-16s verified: our chain to #%d, theirs to #%d%n", line.line(), line.own().seq(), line.peer().seq());
            }
        } catch (IOException e) {
            throw new CliException("restore failed: " + e.getMessage());
        } catch (ProtocolException e) {
            throw new CliException("the restored store does not verify: " + e.getMessage());
        }
        System.out.println("Restored into " + data.toAbsolutePath() + ". Start it with: hotline serve --data " + data);
        return 0;
    }
}
