package org.hotline.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.hotline.StationFiles;
import org.hotline.config.StationConfig;
import picocli.CommandLine.Option;

/** The options every command that works on a station shares: which data folder, which API. */
final class StationOption {
    @Option(names = {"-d", "--data"}, paramLabel = "DIR", description = DataOption.DESCRIPTION)
    Path data;

    @Option(names = "--api", paramLabel = "URL",
            description = "Operator API of a running station (default: from the data folder's config).")
    URI api;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token (default: $HOTLINE_TOKEN, else the data folder's cli.token).")
    String token;

    Path dataDir() {
        return data != null ? data : DataOption.defaultFolder();
    }

    StationConfig config() throws CliException {
        return DataOption.load(dataDir());
    }

    ApiClient client() throws CliException {
        URI base = api;
        if (base == null) {
            var listen = config().apiListen().connectable();
            base = URI.create("http://" + listen + "/");
        } else if (!base.toString().endsWith("/")) {
            base = URI.create(base + "/");
        }
        String secret = token != null ? token : System.getenv("HOTLINE_TOKEN");
        if (secret == null || secret.isBlank()) {
            try {
                secret = StationFiles.readCliToken(dataDir());
            } catch (IOException e) {
                throw new CliException("no API token: give --token, set HOTLINE_TOKEN, or use a data folder with cli.token ("
                        + e.getMessage() + ")");
            }
        }
        return new ApiClient(base, secret);
    }
}
