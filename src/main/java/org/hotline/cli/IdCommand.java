package org.hotline.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.hotline.StationFiles;
import org.hotline.crypto.StationKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "id", mixinStandardHelpOptions = true, description = "Print this station's id, in dash-separated groups.")
final class IdCommand implements Callable<Integer> {
    @Mixin
    DataOption station;

    @Override
    public Integer call() throws CliException {
        try {
            System.out.println(StationKeyFile.read(StationFiles.keyFile(station.dataDir())).verifyingKey().stationId().display());
            return 0;
        } catch (IOException e) {
            throw new CliException("cannot read the station key: " + e.getMessage());
        }
    }
}
