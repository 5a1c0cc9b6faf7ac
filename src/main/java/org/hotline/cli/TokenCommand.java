package org.hotline.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.hotline.StationFiles;
import org.hotline.store.JdbcStore;
import org.hotline.store.Role;
import org.hotline.store.Store;
import org.hotline.store.User;
import org.hotline.user.Users;
import org.hotline.crypto.Passwords;
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

        @Option(names = "--role", description = "principal (also cuts and restores lines), operator (reads and sends) or auditor"
                + " (reads only). Default: operator, or the user's role with --user.")
        String role;

        @Option(names = "--user", paramLabel = "NAME", description = "Make the token for this user (see hotline user add): it carries the user's role.")
        String user;

        @Override
        public Integer call() throws CliException {
            try {
                name = org.hotline.text.Names.label("--name", name);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            try (Store store = JdbcStore.open(station.config().storeUrl())) {
                SecureRandom random = new SecureRandom();
                String token;
                Role granted;
                if (user != null) {
                    User holder = store.user(user).orElseThrow(() -> new CliException("no user called " + user + "; see hotline user list"));
                    if (role != null && !role.equals(holder.role().wireName())) {
                        throw new CliException(user + " is " + holder.role().wireName() + "; a token for a user carries the user's role");
                    }
                    token = new Users(store, new Passwords(Passwords.STANDARD, random), random, Clock.systemUTC())
                            .createToken(name.strip(), holder);
                    granted = holder.role();
                } else {
                    try {
                        granted = Role.parse(role == null ? "operator" : role);
                    } catch (IllegalArgumentException e) {
                        throw new CliException(e.getMessage());
                    }
                    token = StationFiles.createToken(store, name.strip(), granted, random, Clock.systemUTC());
                }
                System.out.println(token);
                System.err.println("Token for \"" + name.strip() + "\" (" + granted.wireName() + (user == null ? "" : ", user " + user)
                        + "). Shown once; keep it secret.");
                System.err.println("Use it as: Authorization: Bearer <token>, or HOTLINE_TOKEN=<token> hotline ...");
            }
            return 0;
        }
    }
}
