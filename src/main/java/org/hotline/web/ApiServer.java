package org.hotline.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.hotline.alert.EventStream;
import org.hotline.console.Console;
import org.hotline.config.Address;
import org.hotline.crypto.Tokens;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.line.LineService;
import org.hotline.line.ScheduleRequest;
import org.hotline.metrics.StationMetrics;
import org.hotline.line.TranscriptPage;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.SignedEntry;
import org.hotline.store.ApiToken;
import org.hotline.store.Role;
import org.hotline.store.Store;
import org.hotline.transcript.Submitted;
import org.hotline.letter.Letters;
import org.hotline.statement.Statements;
import org.hotline.user.Principals;
import org.hotline.user.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API: JSON over HTTP, on loopback unless configured otherwise. Every route but the
 * OpenAPI document, the health check and the login needs a bearer token, and each route names the
 * least role that may call it: auditors only read, operators send and answer, principals also cut
 * and restore lines. The CLI is a client of it.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String TOKEN = "hotline.token";
    public static final String OPENAPI_RESOURCE = "/openapi.yaml";
    private static final long MAX_API_BODY = 256 * 1024;
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final Store store;
    private final LineService lines;
    private final Javalin app;
    private ServerConnector connector;

    public enum Method {
        GET,
        POST
    }

    /** Who may call a route: anyone (no token), or a token whose role includes the given one. */
    public enum Access {
        ANYONE(null),
        READ(Role.AUDITOR),
        OPERATE(Role.OPERATOR),
        AUTHORISE(Role.PRINCIPAL);

        private final Role least;

        Access(Role least) {
            this.least = least;
        }

        /** The least role that may call the route; empty for {@link #ANYONE}. */
        public Optional<Role> least() {
            return Optional.ofNullable(least);
        }
    }

    /** One route of the API. The table below is the one list: the server registers it, tests and the OpenAPI check read it. */
    public record Route(Method method, String path, Access access, Handler handler) {}

    private final List<Route> routes;
    private final Address listen;
    private final Optional<java.net.URI> publicUrl;
    /** Served without a token: the API's own description, the health check load balancers poll, the login. */
    private final java.util.Set<String> openPaths;
    private final Users users;
    private final Principals principals;
    private final Letters letters;
    private final Statements statements;
    private final Clock clock;

    public ApiServer(Address listen, Duration idleTimeout, Store store, LineService lines, Users users,
            Principals principals, Letters letters, Statements statements, EventStream events, StationMetrics metrics, Clock clock,
            Console console, Optional<java.net.URI> publicUrl) {
        this.statements = statements;
        this.listen = listen;
        this.publicUrl = publicUrl;
        this.principals = principals;
        this.letters = letters;
        this.store = store;
        this.lines = lines;
        this.users = users;
        this.clock = clock;
        this.routes = List.of(
                new Route(Method.GET, "/api/v1/openapi.yaml", Access.ANYONE, this::openapi),
                new Route(Method.GET, "/api/v1/station", Access.READ, this::station),
                new Route(Method.GET, "/api/v1/lines", Access.READ, ctx -> ctx.json(Map.of("lines", lines.summaries()))),
                new Route(Method.POST, "/api/v1/invitations", Access.OPERATE, this::invite),
                new Route(Method.POST, "/api/v1/invitations/preview", Access.OPERATE, this::preview),
                new Route(Method.POST, "/api/v1/invitations/accept", Access.OPERATE, this::accept),
                new Route(Method.GET, "/api/v1/lines/{line}", Access.READ,
                        ctx -> ctx.json(lines.summary(lines.resolve(ctx.pathParam("line"))))),
                new Route(Method.POST, "/api/v1/lines/{line}/messages", Access.OPERATE, this::send),
                new Route(Method.GET, "/api/v1/lines/{line}/transcript", Access.READ, this::transcript),
                new Route(Method.POST, "/api/v1/tokens", Access.OPERATE, this::createToken),
                // Each user sees and revokes their own tokens; principals, who administer users, everyone's.
                new Route(Method.GET, "/api/v1/tokens", Access.READ, this::listTokens),
                new Route(Method.POST, "/api/v1/tokens/{id}/revoke", Access.OPERATE, this::revokeToken),
                new Route(Method.POST, "/api/v1/login", Access.ANYONE, this::login),
                // Cutting and restoring a line is a leader's decision: principals only.
                new Route(Method.POST, "/api/v1/lines/{line}/suspend", Access.AUTHORISE, this::suspend),
                new Route(Method.POST, "/api/v1/lines/{line}/restore", Access.AUTHORISE, this::proposeRestore),
                new Route(Method.POST, "/api/v1/lines/{line}/restore/accept", Access.AUTHORISE, this::acceptRestore),
                new Route(Method.GET, "/api/v1/lines/{line}/history", Access.READ, this::history),
                new Route(Method.POST, "/api/v1/lines/{line}/schedule", Access.OPERATE, this::schedule),
                new Route(Method.POST, "/api/v1/lines/{line}/answer", Access.OPERATE, this::answer),
                new Route(Method.GET, "/api/v1/ringing", Access.READ, ctx -> ctx.json(Map.of("calls", lines.ringing()))),
                // Server-sent events: alerts and live changes for the console; behind the same token check.
                new Route(Method.GET, "/api/v1/events", Access.READ, events.sseHandler()),
                new Route(Method.GET, "/api/v1/metrics", Access.READ, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape(lines.summaries()))),
                new Route(Method.GET, "/api/v1/health", Access.ANYONE, this::health),
                new Route(Method.GET, "/api/v1/users", Access.READ, this::listUsers),
                // Principals administer the station's people.
                new Route(Method.POST, "/api/v1/users", Access.AUTHORISE, this::addUser),
                new Route(Method.POST, "/api/v1/users/{name}/remove", Access.AUTHORISE, this::removeUser),
                new Route(Method.POST, "/api/v1/users/{name}/role", Access.AUTHORISE, this::changeRole),
                new Route(Method.GET, "/api/v1/principals", Access.READ, this::ourPrincipals),
                // Made and locked by the principal's own client; the station stores them locked and announces the public halves.
                new Route(Method.POST, "/api/v1/principals/{name}/keys", Access.AUTHORISE, this::registerKeys),
                new Route(Method.GET, "/api/v1/principals/{name}/locked-key", Access.AUTHORISE, this::lockedKey),
                new Route(Method.GET, "/api/v1/lines/{line}/principals", Access.READ, this::theirPrincipals),
                // Letters: everyone who may read sees envelopes and sealed bytes; only principals write them and sign read receipts.
                new Route(Method.GET, "/api/v1/lines/{line}/letters", Access.READ, this::listLetters),
                new Route(Method.POST, "/api/v1/lines/{line}/letters", Access.AUTHORISE, this::writeLetter),
                new Route(Method.GET, "/api/v1/lines/{line}/letters/{seq}", Access.READ, this::getLetter),
                new Route(Method.POST, "/api/v1/lines/{line}/letters/{seq}/read", Access.AUTHORISE, this::letterRead),
                new Route(Method.GET, "/api/v1/lines/{line}/letters/{seq}/envelope", Access.READ, this::letterEnvelope),
                // Statements: signed by a principal's client, published here; the feeds are public, outside /api.
                new Route(Method.GET, "/api/v1/lines/{line}/quote", Access.READ, this::quote),
                new Route(Method.POST, "/api/v1/statements", Access.AUTHORISE, this::publishStatement),
                new Route(Method.GET, "/api/v1/lines/{line}/statement-drafts", Access.READ, this::drafts),
                new Route(Method.POST, "/api/v1/lines/{line}/statement-drafts", Access.AUTHORISE, this::draft),
                new Route(Method.POST, "/api/v1/lines/{line}/statement-drafts/{hash}/cosign", Access.AUTHORISE, this::cosign),
                new Route(Method.GET, "/feed.atom", Access.ANYONE, ctx -> ctx.contentType("application/atom+xml; charset=utf-8")
                        .result(statements.atom(base()))),
                new Route(Method.GET, "/feed.json", Access.ANYONE, ctx -> ctx.contentType("application/feed+json; charset=utf-8")
                        .result(Json.MAPPER.writeValueAsBytes(statements.json(base())))),
                new Route(Method.GET, "/statements/{id}", Access.ANYONE, this::statementDocument),
                new Route(Method.GET, "/statements/{id}/text", Access.ANYONE, this::statementText),
                new Route(Method.GET, "/api/v1/lines/{line}/export", Access.READ, ctx -> ctx.contentType("application/json")
                        .result(lines.export(ctx.pathParam("line")).encode())));
        this.openPaths = routes.stream().filter(route -> route.access() == Access.ANYONE).map(Route::path)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_API_BODY;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.addConnector((server, http) -> {
                http.setSendServerVersion(false);
                http.setRequestHeaderSize(8 * 1024);
                // Jetty's per-connection header cache otherwise matches field values ignoring case, so
                // "Bearer hl_AbC" is read as an earlier "Bearer hl_aBc" on the same connection.
                http.setHeaderCacheCaseSensitive(true);
                connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(listen.host());
                connector.setPort(listen.port());
                // A client that stalls (slow loris) loses its connection; SSE streams send a comment
                // every 15 s and long polls answer within their wait, so live clients are never idle.
                connector.setIdleTimeout(idleTimeout.toMillis());
                return connector;
            });
            config.routes.before("/api/*", this::authenticate);
            for (Route route : routes) {
                // The role is checked before the handler reads a byte of the body or looks up the line.
                Handler guarded = ctx -> {
                    authorise(ctx, route);
                    route.handler().handle(ctx);
                };
                switch (route.method()) {
                    case GET -> config.routes.get(route.path(), guarded);
                    case POST -> config.routes.post(route.path(), guarded);
                }
            }
            console.install(config.routes);
            ErrorMapping.install(config.routes, LOG);
        });
    }

    public List<Route> routes() {
        return routes;
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    private void authenticate(Context ctx) {
        if (openPaths.contains(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        // RFC 7235: the auth scheme is case-insensitive, and every 401 carries a challenge.
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length()) || header.length() > 200) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new HotlineException(ErrorCode.UNAUTHENTICATED, "send a token: Authorization: Bearer <token> (make one with `hotline token create`)");
        }
        ApiToken token = store.token(Tokens.hashOf(header.substring("Bearer ".length()).strip()))
                .orElseThrow(() -> {
                    ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                    return new HotlineException(ErrorCode.UNAUTHENTICATED, "the token is not valid");
                });
        if (token.expired(clock.instant())) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new HotlineException(ErrorCode.UNAUTHENTICATED, "the token has expired; log in again");
        }
        boolean reads = ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
        if (!reads && token.role() == Role.AUDITOR) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "role auditor may only read");
        }
        ctx.attribute(TOKEN, token);
    }

    private static void authorise(Context ctx, Route route) {
        Optional<Role> least = route.access().least();
        if (least.isEmpty()) {
            return;
        }
        ApiToken token = ctx.attribute(TOKEN);
        if (token == null) {
            throw new HotlineException(ErrorCode.UNAUTHENTICATED, "send a token: Authorization: Bearer <token>");
        }
        if (!token.role().includes(least.get())) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "role " + token.role().wireName() + " may not "
                    + route.method() + " " + route.path() + "; it needs a " + least.get().wireName());
        }
    }

    private void openapi(Context ctx) throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new HotlineException(ErrorCode.NOT_FOUND, "openapi document missing from the build");
            }
            ctx.contentType("application/yaml").result(in.readAllBytes());
        }
    }

    private void station(Context ctx) {
        ctx.json(Map.of(
                "id", lines.identity().id().display(),
                "name", lines.identity().name(),
                "federationAddress", lines.identity().advertise().toString()));
    }

    record InviteRequest(String line, Integer ttlHours, ScheduleRequest schedule) {}

    private void invite(Context ctx) {
        InviteRequest request = Requests.json(ctx, MAX_API_BODY, InviteRequest.class);
        if (request.line() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "give the line's name: {\"line\": \"leaders\"}");
        }
        Optional<Duration> ttl = Optional.ofNullable(request.ttlHours()).map(Duration::ofHours);
        ctx.status(201).json(lines.invite(request.line(), ttl, Optional.ofNullable(request.schedule())));
    }

    record AcceptRequest(String invitation, String name) {}

    private void preview(Context ctx) {
        AcceptRequest request = Requests.json(ctx, MAX_API_BODY, AcceptRequest.class);
        ctx.json(lines.preview(request.invitation()));
    }

    private void accept(Context ctx) {
        AcceptRequest request = Requests.json(ctx, MAX_API_BODY, AcceptRequest.class);
        ctx.status(201).json(lines.accept(request.invitation(), Optional.ofNullable(request.name())));
    }

    record SendRequest(String text, String priority, String lang) {}

    record Sent(String line, long seq, String hash, String at, String delivery) {}

    private void send(Context ctx) {
        SendRequest request = Requests.json(ctx, MAX_API_BODY, SendRequest.class);
        Message message;
        try {
            message = new Message(
                    request.text() == null ? "" : request.text(),
                    Priority.parse(request.priority() == null ? "routine" : request.priority()),
                    request.lang() == null ? "en" : request.lang());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(e.getMessage().contains("bytes; the limit") ? ErrorCode.TOO_LARGE : ErrorCode.BAD_REQUEST, e.getMessage());
        }
        String reference = ctx.pathParam("line");
        String name = lines.resolve(reference).name();
        switch (lines.submit(reference, message, requestKey(ctx))) {
            case Submitted.Written written -> ctx.status(201).json(new Sent(name, written.entry().entry().seq(),
                    written.entry().hash().hex(), written.entry().entry().at().toString(), "queued"));
            case Submitted.Waiting waiting -> ctx.status(202).json(new Sent(name, 0, "", waiting.draft().writtenAt().toString(),
                    "waiting"));
        }
    }

    /**
     * The client's Idempotency-Key, scoped to whoever holds the token (the user, or the token's
     * name), so that two clients cannot collide on the same key.
     */
    private static Optional<String> requestKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null) {
            return Optional.empty();
        }
        if (!key.matches("[A-Za-z0-9._:-]{1,100}")) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "Idempotency-Key is 1-100 letters, digits, '.', '_', ':' or '-'");
        }
        ApiToken token = ctx.attribute(TOKEN);
        // The station's own user holds many tokens (one per program): those keep a scope per token, as before.
        String scope = token.user().equals(org.hotline.store.User.STATION) ? "token " + token.name() : token.user();
        return Optional.of(scope + "/" + key);
    }

    record SuspendRequest(Boolean silent, String reason) {}

    record ControlWritten(String line, long seq, String type, String state) {}

    private void suspend(Context ctx) {
        SuspendRequest request = Requests.json(ctx, MAX_API_BODY, SuspendRequest.class);
        if (request.silent() == null) {
            // Cutting a line is never a default: the caller states which kind of cut it means.
            throw new HotlineException(ErrorCode.BAD_REQUEST, "say whether the cut is silent: {\"silent\": false} announces it to the other side");
        }
        String reference = ctx.pathParam("line");
        SignedEntry entry = lines.suspend(reference, request.silent(), request.reason());
        controlWritten(ctx, reference, entry);
    }

    record RestoreRequest(String note) {}

    private void proposeRestore(Context ctx) {
        RestoreRequest request = Requests.json(ctx, MAX_API_BODY, RestoreRequest.class);
        String reference = ctx.pathParam("line");
        controlWritten(ctx, reference, lines.proposeRestore(reference, request.note()));
    }

    private void acceptRestore(Context ctx) {
        Requests.json(ctx, MAX_API_BODY, RestoreRequest.class);
        String reference = ctx.pathParam("line");
        controlWritten(ctx, reference, lines.acceptRestore(reference));
    }

    private void controlWritten(Context ctx, String reference, SignedEntry entry) {
        ctx.status(201).json(new ControlWritten(lines.resolve(reference).name(), entry.entry().seq(), entry.entry().body().type(),
                lines.summary(lines.resolve(reference)).state()));
    }

    private void schedule(Context ctx) {
        ScheduleRequest request = Requests.json(ctx, MAX_API_BODY, ScheduleRequest.class);
        String reference = ctx.pathParam("line");
        lines.schedule(reference, request);
        ctx.status(202).json(Map.of("line", lines.resolve(reference).name(), "state", "proposed",
                "note", "the schedule applies once the other station agrees"));
    }

    record AnswerRequest(String by) {}

    private void answer(Context ctx) {
        AnswerRequest request = Requests.json(ctx, MAX_API_BODY, AnswerRequest.class);
        ApiToken token = ctx.attribute(TOKEN);
        String by;
        try {
            // Goes into the signed answer the peer shows: no hidden characters.
            by = org.hotline.text.Names.label("by", request.by() == null || request.by().isBlank() ? token.name() : request.by());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        String reference = ctx.pathParam("line");
        lines.answer(reference, by);
        ctx.status(201).json(Map.of("line", lines.resolve(reference).name(), "answeredBy", by));
    }

    /** For load balancers: 200 when the station can read its store, 503 when it cannot. Says nothing about lines. */
    private void health(Context ctx) {
        try {
            store.lines();
            ctx.json(Map.of("status", "ok"));
        } catch (RuntimeException e) {
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, "the station cannot read its store", e);
        }
    }

    private void history(Context ctx) {
        String reference = ctx.pathParam("line");
        ctx.json(Map.of("line", lines.resolve(reference).name(), "items", lines.history(reference)));
    }

    private void transcript(Context ctx) throws InterruptedException {
        long after = longParam(ctx, "after", 0);
        long limit = longParam(ctx, "limit", 100);
        if (limit < 1 || limit > LineService.MAX_PAGE) {
            // Checked here, before the cast to int, so that 4294967297 is not taken as 1.
            throw new HotlineException(ErrorCode.BAD_REQUEST, "limit is 1-" + LineService.MAX_PAGE);
        }
        long waitSeconds = longParam(ctx, "wait", 0);
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT.toSeconds()) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "wait is 0-" + MAX_WAIT.toSeconds() + " seconds");
        }
        String reference = ctx.pathParam("line");
        TranscriptPage page = lines.transcript(reference, after, (int) limit);
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        // Long poll: `hotline read --follow` waits here for new entries instead of hammering us.
        while (page.entries().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            page = lines.transcript(reference, after, (int) limit);
        }
        ctx.json(page);
    }

    record TokenRequest(String name, String role, Long ttlHours, String user) {}

    record IssuedToken(String token, String name, String role, String user, Instant expiresAt) {}

    private void createToken(Context ctx) {
        TokenRequest request = Requests.json(ctx, MAX_API_BODY, TokenRequest.class);
        String name;
        try {
            name = org.hotline.text.Names.label("a token's name", request.name());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        ApiToken caller = ctx.attribute(TOKEN);
        Optional<Role> role = Optional.ofNullable(request.role()).map(ApiServer::role);
        if (request.ttlHours() != null && (request.ttlHours() < 1 || request.ttlHours() > Users.MAX_TOKEN_LIFETIME.toHours())) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "ttlHours is 1-" + Users.MAX_TOKEN_LIFETIME.toHours());
        }
        String user = request.user() == null ? caller.user() : request.user();
        Users.Issued issued = users.mint(caller, name, user, role, Optional.ofNullable(request.ttlHours()).map(Duration::ofHours));
        ctx.status(201).json(new IssuedToken(issued.token(), name, issued.role().wireName(), issued.user(),
                issued.expiresAt()));
    }

    private static Role role(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    record TokenView(String id, String name, String user, String role, Instant createdAt, Optional<Instant> expiresAt, boolean expired) {}

    private void listTokens(Context ctx) {
        ApiToken caller = ctx.attribute(TOKEN);
        Optional<String> of = caller.role() == Role.PRINCIPAL ? Optional.empty() : Optional.of(caller.user());
        Instant now = clock.instant();
        ctx.json(Map.of("tokens", users.tokens(of).stream().map(token -> new TokenView(token.id(), token.name(), token.user(),
                token.role().wireName(), token.createdAt(), token.expiresAt(), token.expired(now))).toList()));
    }

    private void revokeToken(Context ctx) {
        users.revoke(ctx.attribute(TOKEN), ctx.pathParam("id"));
        ctx.json(Map.of("revoked", ctx.pathParam("id")));
    }

    record UserRequest(String name, String role, String password) {
        @Override
        public String toString() {
            return "UserRequest[" + name + ", " + role + "]";
        }
    }

    private void addUser(Context ctx) {
        UserRequest request = Requests.json(ctx, MAX_API_BODY, UserRequest.class);
        if (request.name() == null || request.role() == null || request.password() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "give name, role and password: {\"name\": \"kim\", \"role\": \"operator\", ...}");
        }
        Role role = role(request.role());
        org.hotline.store.User user;
        try {
            user = users.add(request.name(), role, request.password().toCharArray());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(e.getMessage().startsWith("there is already") ? ErrorCode.CONFLICT : ErrorCode.BAD_REQUEST,
                    e.getMessage());
        }
        ctx.status(201).json(new UserView(user.name(), user.role().wireName(), user.createdAt()));
    }

    private void removeUser(Context ctx) {
        String name = ctx.pathParam("name");
        users.remove(name);
        ctx.json(Map.of("removed", name));
    }

    record RoleRequest(String role) {}

    private void changeRole(Context ctx) {
        RoleRequest request = Requests.json(ctx, MAX_API_BODY, RoleRequest.class);
        if (request.role() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "give the new role: {\"role\": \"operator\"}");
        }
        String name = ctx.pathParam("name");
        Role role = role(request.role());
        users.changeRole(name, role);
        ctx.json(Map.of("name", name, "role", role.wireName()));
    }

    record LoginRequest(String user, String password) {
        @Override
        public String toString() {
            return "LoginRequest[" + user + "]";
        }
    }

    record LoggedIn(String token, String user, String role, Instant expiresAt) {}

    private void login(Context ctx) {
        LoginRequest request = Requests.json(ctx, MAX_API_BODY, LoginRequest.class);
        if (request.user() == null || request.password() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "give the user and password: {\"user\": \"moon\", \"password\": \"...\"}");
        }
        if (request.user().length() > 64 || request.password().length() > org.hotline.crypto.Passwords.MAX_LENGTH) {
            throw new HotlineException(ErrorCode.UNAUTHENTICATED, "wrong user name or password");
        }
        Users.Issued issued = users.login(request.user(), request.password().toCharArray());
        ctx.status(201).json(new LoggedIn(issued.token(), issued.user(), issued.role().wireName(), issued.expiresAt()));
    }

    record UserView(String name, String role, Instant createdAt) {}

    private void listUsers(Context ctx) {
        ctx.json(Map.of("users", users.list().stream()
                .map(user -> new UserView(user.name(), user.role().wireName(), user.createdAt())).toList()));
    }

    record PrincipalView(String name, int generation, String fingerprint, String signing, String sealing, Instant since) {}

    private void ourPrincipals(Context ctx) {
        ctx.json(Map.of("principals", principals.ours().stream().map(key -> new PrincipalView(key.name(), key.generation(),
                key.fingerprint(), key.signing().base64(), key.sealing().base64(), key.createdAt())).toList()));
    }

    record KeysRequest(String signing, String sealing, String locked, String previous, String rotation) {}

    record KeysAnnounced(String name, int generation, String fingerprint, List<String> written, List<String> waiting) {}

    private void registerKeys(Context ctx) {
        String name = actingFor(ctx);
        KeysRequest request = Requests.json(ctx, MAX_API_BODY, KeysRequest.class);
        if (request.signing() == null || request.sealing() == null || request.locked() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "give signing, sealing and locked (base64); see `hotline principal init`");
        }
        if ((request.previous() == null) != (request.rotation() == null)) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "previous and rotation come together: the old key and its signature");
        }
        Principals.Announced announced;
        try {
            Optional<org.hotline.protocol.PrincipalKey.Rotation> rotation = request.previous() == null ? Optional.empty()
                    : Optional.of(new org.hotline.protocol.PrincipalKey.Rotation(
                            org.hotline.protocol.VerifyingKey.fromBase64(request.previous()),
                            new org.hotline.protocol.PrincipalKey.Signature(request.rotation())));
            announced = principals.register(name, org.hotline.protocol.VerifyingKey.fromBase64(request.signing()),
                    org.hotline.protocol.SealingPublicKey.fromBase64(request.sealing()), java.util.Base64.getDecoder().decode(request.locked()),
                    rotation);
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        ctx.status(201).json(new KeysAnnounced(name, announced.key().generation(), announced.key().fingerprint(), announced.written(),
                announced.waiting()));
    }

    record LockedKey(String name, int generation, String fingerprint, String signing, String sealing, String locked) {}

    private void lockedKey(Context ctx) {
        String name = actingFor(ctx);
        String sealing = ctx.queryParam("sealing");
        org.hotline.store.PrincipalKeyRecord key;
        try {
            key = sealing == null ? principals.current(name)
                    : principals.bySealingKey(name, org.hotline.protocol.SealingPublicKey.fromBase64(sealing));
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "sealing is a base64 X25519 public key");
        }
        ctx.json(new LockedKey(name, key.generation(), key.fingerprint(), key.signing().base64(), key.sealing().base64(),
                java.util.Base64.getEncoder().encodeToString(key.locked())));
    }

    /** The principal named in the path; a token acts only for its own user: a principal touches only their own keys. */
    private static String actingFor(Context ctx) {
        return actingFor(ctx, ctx.pathParam("name"));
    }

    private static String actingFor(Context ctx, String name) {
        ApiToken token = ctx.attribute(TOKEN);
        if (!token.user().equals(name)) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "this token is " + token.user() + "'s; it may not act for " + name
                    + " (sign in as " + name + ", or use a token made for " + name + ")");
        }
        return name;
    }

    record PeerPrincipalView(String name, int generation, String fingerprint, String signing, String sealing, long announcedAt,
            List<Long> retiredAt) {}

    record RefusedKey(long seq, String name, String reason) {}

    private void theirPrincipals(Context ctx) {
        var line = lines.resolve(ctx.pathParam("line"));
        var directory = principals.directory(line, line.peerId());
        List<PeerPrincipalView> views = directory.current().stream().map(span -> new PeerPrincipalView(span.name(), span.generation(),
                span.fingerprint(), span.signing().base64(), span.sealing().base64(), span.fromSeq(),
                directory.history(span.name()).stream().filter(old -> !old.current()).map(old -> old.untilSeq().getAsLong()).toList()))
                .toList();
        ctx.json(Map.of("line", line.name(), "principals", views, "refused", directory.refused().stream()
                .map(r -> new RefusedKey(r.seq(), r.name(), r.reason())).toList()));
    }

    private void listLetters(Context ctx) {
        var line = lines.resolve(ctx.pathParam("line"));
        ctx.json(Map.of("line", line.name(), "letters", letters.list(line)));
    }

    record LetterRequest(String from, String to, String date, String subject, String replyTo, String lang, String signer,
            String recipientKey, String enc, String sealed) {}

    private void writeLetter(Context ctx) {
        LetterRequest request = Requests.json(ctx, MAX_API_BODY, LetterRequest.class);
        if (request.from() == null || request.to() == null || request.date() == null || request.lang() == null || request.signer() == null
                || request.recipientKey() == null || request.enc() == null || request.sealed() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "a letter has from, to, date, lang, signer, recipientKey, enc and sealed;"
                    + " write it with `hotline letter write`");
        }
        actingFor(ctx, request.from());
        var line = lines.resolve(ctx.pathParam("line"));
        org.hotline.protocol.Letter letter;
        try {
            letter = new org.hotline.protocol.Letter(request.from(), request.to(), Instant.parse(request.date()),
                    Optional.ofNullable(request.subject()), Optional.ofNullable(request.replyTo()).map(org.hotline.protocol.Hash::fromHex),
                    request.lang(), org.hotline.protocol.VerifyingKey.fromBase64(request.signer()),
                    org.hotline.protocol.SealingPublicKey.fromBase64(request.recipientKey()), request.enc(), request.sealed());
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        switch (letters.send(line, letter)) {
            case Submitted.Written written -> ctx.status(201).json(new Sent(line.name(), written.entry().entry().seq(),
                    written.entry().hash().hex(), written.entry().entry().at().toString(), "queued"));
            case Submitted.Waiting waiting -> ctx.status(202).json(new Sent(line.name(), 0, "", waiting.draft().writtenAt().toString(),
                    "waiting"));
        }
    }

    record LetterView(String line, String lineId, long seq, String hash, String from, String to, Instant date, Optional<String> subject,
            Optional<String> replyTo, String lang, String signer, String recipientKey, String enc, String sealed, boolean keyValid,
            String keyCheck) {}

    private void getLetter(Context ctx) {
        var line = lines.resolve(ctx.pathParam("line"));
        Letters.Found found = letters.theirs(line, seqParam(ctx));
        var letter = found.letter();
        boolean valid = found.keyCheck() instanceof org.hotline.protocol.PrincipalDirectory.Valid;
        String check = switch (found.keyCheck()) {
            case org.hotline.protocol.PrincipalDirectory.Valid v -> "signed with " + v.span().name() + "'s key generation "
                    + v.span().generation() + " (fingerprint " + v.span().fingerprint() + "), valid at #" + found.entry().entry().seq();
            case org.hotline.protocol.PrincipalDirectory.Invalid invalid -> invalid.reason();
        };
        ctx.json(new LetterView(line.name(), line.id().value(), found.entry().entry().seq(), found.entry().hash().hex(), letter.from(),
                letter.to(), letter.date(), letter.subject(), letter.replyTo().map(org.hotline.protocol.Hash::hex), letter.lang(),
                letter.signer().base64(), letter.recipientKey().base64(), letter.enc(), letter.sealed(), valid, check));
    }

    private void letterEnvelope(Context ctx) {
        var line = lines.resolve(ctx.pathParam("line"));
        String author = ctx.queryParam("author") == null ? "theirs" : ctx.queryParam("author");
        if (!author.equals("ours") && !author.equals("theirs")) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "author is ours or theirs");
        }
        ctx.contentType("application/json").result(letters.envelope(line, author.equals("ours"), seqParam(ctx)).encode());
    }

    record ReadRequest(String by, String key, String signature) {}

    private void letterRead(Context ctx) {
        ReadRequest request = Requests.json(ctx, MAX_API_BODY, ReadRequest.class);
        if (request.by() == null || request.key() == null || request.signature() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "give by, key and signature; `hotline letter read` does");
        }
        actingFor(ctx, request.by());
        var line = lines.resolve(ctx.pathParam("line"));
        long seq = seqParam(ctx);
        org.hotline.protocol.LetterRead read;
        try {
            read = new org.hotline.protocol.LetterRead(letters.theirs(line, seq).entry().hash(), request.by(),
                    org.hotline.protocol.VerifyingKey.fromBase64(request.key()), request.signature());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        SignedEntry entry = letters.markRead(line, seq, read);
        ctx.status(201).json(Map.of("line", line.name(), "letter", seq, "receipt", entry == null ? "waiting" : "#" + entry.entry().seq()));
    }

    /**
     * Where the feeds and statements are found: {@code feed.public-url}, else this API's own
     * address. Never the request's Host header, which would let any client write the links that a
     * cache or a feed reader then hands to everyone.
     */
    private String base() {
        return publicUrl.map(java.net.URI::toString).orElseGet(() -> "http://" + listen.connectable().withPort(port()));
    }

    record QuoteView(String entry, String signature, String authorKey, String hash) {}

    private void quote(Context ctx) {
        var line = lines.resolve(ctx.pathParam("line"));
        String author = ctx.queryParam("author");
        if (!"ours".equals(author) && !"theirs".equals(author)) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "author is ours or theirs: ?author=theirs&seq=7");
        }
        long seq = longParam(ctx, "seq", 0);
        org.hotline.protocol.StationId id = author.equals("ours") ? lines.identity().id() : line.peerId();
        var key = author.equals("ours") ? lines.identity().key().verifyingKey() : line.peerKey();
        var found = store.chain(line.id(), id, seq - 1, 1);
        if (seq < 1 || found.isEmpty() || found.getFirst().signed().entry().seq() != seq) {
            throw new HotlineException(ErrorCode.NOT_FOUND, "no entry #" + seq + " of " + author + " on line " + line.name());
        }
        SignedEntry signed = found.getFirst().signed();
        ctx.json(new QuoteView(signed.bytesBase64(), signed.signatureBase64(), key.base64(), signed.hash().hex()));
    }

    record QuoteRequest(String entry, String signature, String authorKey) {}

    record StatementRequest(String principal, String signer, String title, String lang, String published, String text,
            List<QuoteRequest> quotes, String signature) {}

    record Published(String id, String url, String title) {}

    private void publishStatement(Context ctx) {
        StatementRequest request = Requests.json(ctx, MAX_API_BODY, StatementRequest.class);
        if (request.principal() == null || request.signer() == null || request.title() == null || request.published() == null
                || request.text() == null || request.signature() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "a statement has principal, signer, title, published, text and signature;"
                    + " publish it with `hotline statement publish`");
        }
        actingFor(ctx, request.principal());
        org.hotline.protocol.Statement published;
        try {
            List<org.hotline.protocol.Statement.Quote> quotes = new java.util.ArrayList<>();
            for (QuoteRequest quote : request.quotes() == null ? List.<QuoteRequest>of() : request.quotes()) {
                quotes.add(new org.hotline.protocol.Statement.Quote(quote.entry(), quote.signature(),
                        org.hotline.protocol.VerifyingKey.fromBase64(quote.authorKey())));
            }
            published = statements.publish(request.principal(), org.hotline.protocol.VerifyingKey.fromBase64(request.signer()),
                    request.title(), request.lang() == null ? "en" : request.lang(), Instant.parse(request.published()), request.text(),
                    quotes, request.signature());
        } catch (IllegalArgumentException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, String.valueOf(e.getMessage()));
        }
        ctx.status(201).json(new Published(published.id().hex(), base() + "/statements/" + published.id().hex(), published.title()));
    }

    private void drafts(Context ctx) {
        var line = lines.resolve(ctx.pathParam("line"));
        ctx.json(Map.of("line", line.name(), "drafts", statements.drafts(line)));
    }

    record DraftRequest(String title, String lang, String text) {}

    record DraftWritten(String line, long seq, String hash) {}

    private void draft(Context ctx) {
        DraftRequest request = Requests.json(ctx, MAX_API_BODY, DraftRequest.class);
        if (request.title() == null || request.text() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "a draft has a title and a text");
        }
        var line = lines.resolve(ctx.pathParam("line"));
        SignedEntry entry = statements.draft(line, request.title(), request.lang() == null ? "en" : request.lang(), request.text());
        ctx.status(201).json(new DraftWritten(line.name(), entry.entry().seq(), entry.hash().hex()));
    }

    record CosignRequest(String principal, String key, String signature) {}

    private void cosign(Context ctx) {
        CosignRequest request = Requests.json(ctx, MAX_API_BODY, CosignRequest.class);
        if (request.principal() == null || request.key() == null || request.signature() == null) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "give principal, key and signature; `hotline statement cosign` does");
        }
        actingFor(ctx, request.principal());
        var line = lines.resolve(ctx.pathParam("line"));
        SignedEntry entry;
        try {
            entry = statements.cosign(line, org.hotline.protocol.Hash.fromHex(ctx.pathParam("hash")), request.principal(),
                    org.hotline.protocol.VerifyingKey.fromBase64(request.key()), request.signature());
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        ctx.status(201).json(new DraftWritten(line.name(), entry.entry().seq(), entry.hash().hex()));
    }

    private void statementText(Context ctx) {
        String text = statements.readable(ctx.pathParam("id"), base())
                .orElseThrow(() -> new HotlineException(ErrorCode.NOT_FOUND, "no statement with that id"));
        ctx.contentType("text/plain; charset=utf-8").result(text);
    }

    private void statementDocument(Context ctx) {
        byte[] document = statements.document(ctx.pathParam("id"))
                .orElseThrow(() -> new HotlineException(ErrorCode.NOT_FOUND, "no statement with that id"));
        ctx.contentType("application/json").result(document);
    }

    private static long seqParam(Context ctx) {
        try {
            long seq = Long.parseLong(ctx.pathParam("seq"));
            if (seq < 1) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "seq is a whole number from 1");
        }
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, name + " must be a whole number");
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
