package org.hotline.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.hotline.StationFiles;
import org.hotline.config.ConfigException;
import org.hotline.config.StationConfig;
import org.hotline.crypto.StationKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the station's configuration.",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate hotline.conf with the environment's overrides, and the key file; name the bad key if any.")
    static final class Check implements Callable<Integer> {
        @Mixin
        DataOption station;

        @Override
        public Integer call() throws CliException {
            StationConfig config;
            try {
                config = StationConfig.load(station.dataDir());
            } catch (IOException | ConfigException e) {
                throw new CliException(e.getMessage());
            }
            try {
                StationKeyFile.read(StationFiles.keyFile(config.dataDir()));
            } catch (IOException e) {
                throw new CliException("identity key: " + e.getMessage());
            }
            System.out.println("Configuration of \"" + config.name() + "\" is valid.");
            System.out.println("  federation " + config.federationListen() + config.federationAdvertise().map(a -> " (advertised as " + a + ")").orElse(""));
            System.out.println("  API        " + config.apiListen());
            System.out.println("  store      " + config.storeUrl().replaceAll("password=[^&]*", "password=***"));
            return 0;
        }
    }
}
