package org.hotline.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.hotline.crypto.Passwords;
import org.hotline.store.JdbcStore;
import org.hotline.store.Role;
import org.hotline.store.Store;
import org.hotline.store.User;
import org.hotline.user.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the station's people: principals, operators, auditors.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class})
final class UserCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user with a role and a password (asked for twice, or one line on stdin with --password-stdin).")
    static final class Add implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(index = "0", paramLabel = "NAME", description = "Lower-case name, e.g. moon or kim.yo-jong.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "principal (a leader: letters, cuts and restores), operator (sends, answers calls) or auditor (reads only).")
        String role;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() throws CliException {
            Role parsed;
            try {
                parsed = Role.parse(role);
                User.checkName(name);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            char[] password = PasswordInput.read(passwordStdin, "password for " + name, true, PasswordInput.PASSWORD_STDIN);
            try (Store store = JdbcStore.open(station.config().storeUrl())) {
                SecureRandom random = new SecureRandom();
                long started = System.nanoTime();
                User user = new Users(store, new Passwords(Passwords.STANDARD, random), random, Clock.systemUTC()).add(name, parsed, password);
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.println("Added " + user.name() + " (" + user.role().wireName() + ").");
                System.err.println("Password hashed with Argon2id (m=" + Passwords.STANDARD.memoryKiB() / 1024 + " MiB, t="
                        + Passwords.STANDARD.iterations() + ", p=" + Passwords.STANDARD.parallelism() + ") in " + millis + " ms.");
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and their roles.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Override
        public Integer call() throws CliException {
            try (Store store = JdbcStore.open(station.config().storeUrl())) {
                var users = store.users();
                if (users.isEmpty()) {
                    System.out.println("No users yet. Add one: hotline user add NAME --role principal|operator|auditor");
                    return 0;
                }
                System.out.printf("%-24s %-10s %s%n", "NAME", "ROLE", "ADDED");
                for (User user : users) {
                    System.out.printf("%-24s %-10s %s%n", user.name(), user.role().wireName(), user.createdAt());
                }
            }
            return 0;
        }
    }
}
