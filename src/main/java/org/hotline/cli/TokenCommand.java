package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hotline.error.HotlineException;
import org.hotline.store.ApiToken;
import org.hotline.store.JdbcStore;
import org.hotline.store.Role;
import org.hotline.store.Store;
import org.hotline.user.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * API tokens, through the running station's API; on a stopped station, offline on its store (and
 * it says so). Every token belongs to a user, carries a role no higher than its maker's, and ends
 * no later than its maker's token.
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage operator API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API token. It is printed once and stored only as a hash.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Option(names = "--name", required = true, description = "Who or what holds the token, e.g. \"night watch\".")
        String name;

        @Option(names = "--role", description = "principal (also cuts and restores lines), operator (reads and sends) or auditor"
                + " (reads only); at most the maker's role. Default: operator, or the user's role with --user.")
        String role;

        @Option(names = "--user", paramLabel = "NAME",
                description = "Make the token for this user (only with the station's own cli.token): at most the user's role.")
        String user;

        @Option(names = "--ttl-hours", paramLabel = "HOURS",
                description = "How long the token lasts: 1-8760 hours (default 90 days), never beyond the token that makes it.")
        Long ttlHours;

        @Override
        public Integer call() throws CliException {
            try {
                name = org.hotline.text.Names.label("--name", name);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            Optional<Role> wanted;
            try {
                wanted = Optional.ofNullable(role).map(Role::parse);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            String token;
            String summary;
            try {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("name", name.strip());
                wanted.ifPresent(r -> request.put("role", r.wireName()));
                if (user != null) {
                    request.put("user", user);
                }
                if (ttlHours != null) {
                    request.put("ttlHours", ttlHours);
                }
                JsonNode issued = station.client().post("api/v1/tokens", request);
                token = issued.path("token").asText();
                summary = issued.path("role").asText() + ", user " + issued.path("user").asText() + ", until "
                        + issued.path("expiresAt").asText();
            } catch (CliException.NotRunning notRunning) {
                station.goOffline(notRunning);
                try (Store store = JdbcStore.open(station.config().storeUrl())) {
                    ApiToken maker = StationOption.offlineMaker();
                    Users.Issued issued = StationOption.offlineUsers(store).mint(maker, name, user == null ? maker.user() : user, wanted,
                            Optional.ofNullable(ttlHours).map(Duration::ofHours));
                    token = issued.token();
                    summary = issued.role().wireName() + ", user " + issued.user() + ", until " + issued.expiresAt();
                } catch (HotlineException e) {
                    throw new CliException(e.getMessage());
                }
            }
            System.out.println(token);
            System.err.println("Token for \"" + name.strip() + "\" (" + summary + "). Shown once; keep it secret.");
            System.err.println("Use it as: Authorization: Bearer <token>, or HOTLINE_TOKEN=<token> hotline ...");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List tokens that are not revoked: your own, or everyone's for a principal. Ids only, never secrets.")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Override
        public Integer call() throws CliException {
            System.out.printf("%-16s  %-10s %-16s %-22s %s%n", "ID", "ROLE", "USER", "EXPIRES", "NAME");
            try {
                for (JsonNode token : station.client().get("api/v1/tokens").path("tokens")) {
                    String expires = token.path("expiresAt").isNull() || token.path("expiresAt").isMissingNode() ? "never"
                            : token.path("expiresAt").asText() + (token.path("expired").asBoolean() ? " (expired)" : "");
                    print(token.path("id").asText(), token.path("role").asText(), token.path("user").asText(), expires,
                            token.path("name").asText());
                }
            } catch (CliException.NotRunning notRunning) {
                station.goOffline(notRunning);
                try (Store store = JdbcStore.open(station.config().storeUrl())) {
                    Instant now = Instant.now();
                    for (ApiToken token : store.tokens(Optional.empty())) {
                        print(token.id(), token.role().wireName(), token.user(), token.expiresAt()
                                .map(at -> at + (token.expired(now) ? " (expired)" : "")).orElse("never"), token.name());
                    }
                }
            }
            return 0;
        }

        private static void print(String id, String role, String user, String expires, String name) {
            // Names were typed by users: shown without control characters.
            System.out.printf("%-16s  %-10s %-16s %-22s %s%n", id, role, printable(user), expires, printable(name));
        }

        private static String printable(String text) {
            return text.codePoints().map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token by its id (from hotline token list): refused from the next request on.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StationOption station;

        @Parameters(paramLabel = "ID", description = "The token's id: 16 hex digits.")
        String id;

        @Override
        public Integer call() throws CliException {
            try {
                station.client().post("api/v1/tokens/" + PathSegments.encode(id) + "/revoke", Map.of());
            } catch (CliException.NotRunning notRunning) {
                station.goOffline(notRunning);
                try (Store store = JdbcStore.open(station.config().storeUrl())) {
                    StationOption.offlineUsers(store).revoke(StationOption.offlineMaker(), id);
                } catch (HotlineException e) {
                    throw new CliException(e.getMessage());
                }
            }
            System.out.println("Revoked token " + id + ".");
            return 0;
        }
    }
}
