package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.hotline.config.ConfigException;
import org.hotline.config.StationConfig;
import picocli.CommandLine.Option;

/** The data folder, for commands that work on the station's files and never call its API. */
final class DataOption {
    static final String DESCRIPTION = "The station's data folder (default: $HOTLINE_DATA, else $HOME/.hotline).";

    @Option(names = {"-d", "--data"}, paramLabel = "DIR", description = DESCRIPTION)
    Path data;

    Path dataDir() {
        return data != null ? data : defaultFolder();
    }

    StationConfig config() throws CliException {
        return load(dataDir());
    }

    /** $HOTLINE_DATA, else $HOME/.hotline: the shell's home, which Java's user.home may not be (sudo, containers). */
    static Path defaultFolder() {
        String fromEnvironment = System.getenv("HOTLINE_DATA");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".hotline");
    }

    static StationConfig load(Path dataDir) throws CliException {
        try {
            return StationConfig.load(dataDir);
        } catch (IOException | ConfigException e) {
            throw new CliException(e.getMessage());
        }
    }
}
