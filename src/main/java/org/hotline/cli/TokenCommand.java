package org.hotline.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.hotline.StationFiles;
import org.hotline.store.JdbcStore;
import org.hotline.store.Role;
import org.hotline.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage operator API tokens.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API token. It is printed once and stored only as a hash.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Option(names = "--name", required = true, description = "Who or what holds the token, e.g. \"night watch\".")
        String name;

        @Option(names = "--role", defaultValue = "operator", description = "operator (reads and sends) or auditor (reads only). Default: ${DEFAULT-VALUE}.")
        String role;

        @Override
        public Integer call() throws CliException {
            Role parsed;
            try {
                parsed = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            if (name.isBlank() || name.length() > 100) {
                throw new CliException("--name must be 1-100 characters");
            }
            try (Store store = JdbcStore.open(station.config().storeUrl())) {
                String token = StationFiles.createToken(store, name.strip(), parsed, new SecureRandom(), Clock.systemUTC());
                System.out.println(token);
                System.err.println("Token for \"" + name.strip() + "\" (" + parsed.wireName() + "). Shown once; keep it secret.");
                System.err.println("Use it as: Authorization: Bearer <token>, or HOTLINE_TOKEN=<token> hotline ...");
            }
            return 0;
        }
    }
}
