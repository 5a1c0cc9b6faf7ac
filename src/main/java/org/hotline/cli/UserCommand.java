package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotline.crypto.Passwords;
import org.hotline.error.HotlineException;
import org.hotline.store.JdbcStore;
import org.hotline.store.Role;
import org.hotline.store.Store;
import org.hotline.store.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The station's people, through the running station's API; on a stopped station, offline on its store (and it says so). */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the station's people: principals, operators, auditors.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class, UserCommand.ChangeRole.class})
final class UserCommand {

    private static Role role(String text) throws CliException {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

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
            Role parsed = role(role);
            try {
                User.checkName(name);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            char[] password = PasswordInput.read(passwordStdin, "password for " + name, true, PasswordInput.PASSWORD_STDIN);
            long started = System.nanoTime();
            try {
                station.client().post("api/v1/users", Map.of("name", name, "role", parsed.wireName(), "password", new String(password)));
            } catch (CliException.NotRunning notRunning) {
                station.goOffline(notRunning);
                try (Store store = JdbcStore.open(station.config().storeUrl())) {
                    StationOption.offlineUsers(store).add(name, parsed, password);
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage());
                }
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("Added " + name + " (" + parsed.wireName() + ").");
            System.err.println("Password hashed with Argon2id (m=" + Passwords.STANDARD.memoryKiB() / 1024 + " MiB, t="
                    + Passwords.STANDARD.iterations() + ", p=" + Passwords.STANDARD.parallelism() + ") in " + millis + " ms.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and their roles.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Override
        public Integer call() throws CliException {
            java.util.List<String[]> rows = new java.util.ArrayList<>();
            try {
                for (JsonNode user : station.client().get("api/v1/users").path("users")) {
                    rows.add(new String[] {user.path("name").asText(), user.path("role").asText(), user.path("createdAt").asText()});
                }
            } catch (CliException.NotRunning notRunning) {
                station.goOffline(notRunning);
                try (Store store = JdbcStore.open(station.config().storeUrl())) {
                    for (User user : store.users()) {
                        rows.add(new String[] {user.name(), user.role().wireName(), user.createdAt().toString()});
                    }
                }
            }
            rows.removeIf(row -> row[0].equals(User.STATION));
            if (rows.isEmpty()) {
                System.out.println("No users yet. Add one: hotline user add NAME --role principal|operator|auditor");
                return 0;
            }
            System.out.printf("%-24s %-10s %s%n", "NAME", "ROLE", "ADDED");
            for (String[] row : rows) {
                System.out.printf("%-24s %-10s %s%n", row[0], row[1], row[2].equals(Instant.EPOCH.toString()) ? "" : row[2]);
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a user; every token of theirs is refused from the next request on.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws CliException {
            try {
                station.client().post("api/v1/users/" + PathSegments.encode(name) + "/remove", Map.of());
            } catch (CliException.NotRunning notRunning) {
                station.goOffline(notRunning);
                try (Store store = JdbcStore.open(station.config().storeUrl())) {
                    StationOption.offlineUsers(store).remove(name);
                } catch (HotlineException e) {
                    throw new CliException(e.getMessage());
                }
            }
            System.out.println("Removed " + name + "; their tokens are revoked.");
            return 0;
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true,
            description = "Give a user another role; it applies to their tokens and console sessions from the next request on.")
    static final class ChangeRole implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE", description = "principal, operator or auditor.")
        String role;

        @Override
        public Integer call() throws CliException {
            Role parsed = role(role);
            try {
                station.client().post("api/v1/users/" + PathSegments.encode(name) + "/role", Map.of("role", parsed.wireName()));
            } catch (CliException.NotRunning notRunning) {
                station.goOffline(notRunning);
                try (Store store = JdbcStore.open(station.config().storeUrl())) {
                    StationOption.offlineUsers(store).changeRole(name, parsed);
                } catch (HotlineException e) {
                    throw new CliException(e.getMessage());
                }
            }
            System.out.println(name + " is now " + parsed.wireName() + ".");
            return 0;
        }
    }
}
