package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hotline.StationFiles;
import org.hotline.config.Address;
import org.hotline.protocol.StationId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a new station: identity key (mode 0600), config file, store (SQLite in the folder, or --store-url), CLI token.")
final class InitCommand implements Callable<Integer> {
    @Option(names = {"-d", "--data"}, paramLabel = "DIR",
            description = "Folder for the new station (created, mode 0700; default: $HOTLINE_DATA, else $HOME/.hotline).")
    Path data;

    @Option(names = "--name", required = true, description = "The party's name, e.g. \"Blue House\".")
    String name;

    @Option(names = "--federation-listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:7443",
            description = "Where peers connect (mutual TLS). Default: ${DEFAULT-VALUE}.")
    String federationListen;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
            description = "The address written into invitations, if not the listen address.")
    String advertise;

    @Option(names = "--api-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7444",
            description = "Operator API and console. Default: ${DEFAULT-VALUE}.")
    String apiListen;

    @Option(names = "--store-url", paramLabel = "JDBC_URL",
            description = "The store, if not SQLite in the folder, e.g. jdbc:postgresql://db.example.org/hotline?user=hotline"
                    + " (an empty database; written to hotline.conf as store.url).")
    String storeUrl;

    @Override
    public Integer call() throws CliException {
        Path data = this.data != null ? this.data : DataOption.defaultFolder();
        try {
            StationId id = StationFiles.init(data, name, Address.parse(federationListen),
                    Optional.ofNullable(advertise).map(Address::parse), Address.parse(apiListen), Optional.ofNullable(storeUrl),
                    new SecureRandom(), Clock.systemUTC());
            System.out.println("Station \"" + name.strip() + "\" created in " + data.toAbsolutePath());
            System.out.println("Station id: " + id.display());
            System.out.println("Compare this id with the other side out of band when you open a line.");
            System.out.println("Next: hotline serve" + (this.data != null ? " --data " + data : ""));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("init failed: " + e.getMessage());
        }
    }
}
