package org.hotline.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.alert.EventStream;
import org.hotline.checkin.RingingCall;
import org.hotline.error.HotlineException;
import org.hotline.line.LineService;
import org.hotline.line.LineSummary;
import org.hotline.line.TranscriptPage;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.store.Role;
import org.hotline.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console: server-rendered pages on the API port under {@code /console/}, signed in
 * with the station's users, kept live by server-sent events and a few lines of script. Every
 * asset is served from here; the Content-Security-Policy allows nothing else.
 */
public final class Console {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    static final String SESSION_COOKIE = "hotline_console";
    static final String LOGIN_COOKIE = "hotline_login";
    static final String ZONE_COOKIE = "hotline_tz";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final int TRANSCRIPT_ROWS = 200;
    private static final Map<String, String> ASSETS = Map.of(
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final LineService lines;
    private final LetterDesk desk;
    private final org.hotline.statement.Statements statements;
    private final EventStream events;
    private final ConsoleLogin login;
    private final Sessions sessions;
    private final org.hotline.user.Users users;
    private final Clock clock;
    /** The user's role now: read on every request, so a removal or a role change counts at once. */
    private final java.util.function.Function<String, Optional<org.hotline.store.Role>> currentRole;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Map<String, String> notices = new ConcurrentHashMap<>();

    public Console(LineService lines, org.hotline.letter.Letters letters, org.hotline.user.Principals principals,
            org.hotline.statement.Statements statements, EventStream events, ConsoleLogin login,
            java.util.function.Function<String, Optional<org.hotline.store.Role>> currentRole, org.hotline.crypto.PrincipalSecrets.Kdf kdf,
            org.hotline.user.Lockout passphrases, org.hotline.user.Users users, Clock clock, SecureRandom random) {
        this.users = users;
        this.clock = clock;
        this.lines = lines;
        this.statements = statements;
        this.desk = new LetterDesk(letters, principals, clock, kdf, passphrases);
        this.events = events;
        this.login = login;
        this.sessions = new Sessions(random, clock);
        this.currentRole = currentRole;
    }

    public void install(RoutesConfig routes) {
        routes.before("/console/*", this::secureHeaders);
        routes.before("/console", this::secureHeaders);
        routes.get("/console/", this::board);
        routes.get("/console/login", this::loginPage);
        routes.post("/console/login", this::signIn);
        routes.post("/console/logout", this::signOut);
        routes.post("/console/language", this::language);
        routes.get("/console/board-rows", this::boardRows);
        routes.get("/console/ringing", this::ringingFragment);
        routes.get("/console/events", this::events);
        routes.get("/console/assets/{name}", this::asset);
        routes.get("/console/lines/{line}", this::line);
        routes.get("/console/lines/{line}/rows", this::transcriptRows);
        routes.post("/console/lines/{line}/messages", this::send);
        routes.post("/console/lines/{line}/answer", this::answer);
        routes.get("/console/lines/{line}/suspend", ctx -> confirm(ctx, "suspend"));
        routes.post("/console/lines/{line}/suspend", this::suspend);
        routes.get("/console/lines/{line}/restore", ctx -> confirm(ctx, "restore"));
        routes.post("/console/lines/{line}/restore", this::restore);
        routes.get("/console/statements", this::statements);
        routes.get("/console/people", this::people);
        routes.post("/console/people/tokens/{id}/revoke", ctx -> administer(ctx, by -> users.revoke(by, ctx.pathParam("id"))));
        routes.post("/console/people/users/{name}/remove", ctx -> administer(ctx, by -> users.remove(ctx.pathParam("name"))));
        routes.post("/console/people/users/{name}/role", ctx -> administer(ctx, by -> users.changeRole(ctx.pathParam("name"),
                org.hotline.store.Role.parse(String.valueOf(ctx.formParam("role"))))));
        routes.get("/console/lines/{line}/letters", this::letters);
        routes.post("/console/lines/{line}/letters", this::writeLetter);
        routes.get("/console/lines/{line}/letters/{seq}", this::letter);
        routes.post("/console/lines/{line}/letters/{seq}", this::openLetter);
    }

    // --- pages ---------------------------------------------------------------------------------

    private void board(Context ctx) {
        Optional<Session> session = signedIn(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        render(ctx, "board.jte", new Views.Board(page(ctx, session.get(), t, t.get("board.title")), lines.summaries()));
    }

    private void boardRows(Context ctx) {
        Optional<Session> session = signedInFragment(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        render(ctx, "board_rows.jte", new Views.Board(fragment(ctx, session.get(), t), lines.summaries()));
    }

    private void ringingFragment(Context ctx) {
        Optional<Session> session = signedInFragment(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        render(ctx, "ringing.jte", fragment(ctx, session.get(), t));
    }

    private void line(Context ctx) {
        Optional<Session> session = signedIn(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        Optional<Views.Line> view = lineView(ctx, session.get(), t, true);
        if (view.isPresent()) {
            render(ctx, "line.jte", view.get());
        }
    }

    private void transcriptRows(Context ctx) {
        Optional<Session> session = signedInFragment(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        lineView(ctx, session.get(), t, false).ifPresent(view -> render(ctx, "transcript_rows.jte", view));
    }

    private Optional<Views.Line> lineView(Context ctx, Session session, Texts t, boolean wholePage) {
        LineSummary summary;
        try {
            summary = lines.summary(lines.resolve(ctx.pathParam("line")));
        } catch (HotlineException e) {
            ctx.status(404);
            render(ctx, "board.jte", new Views.Board(page(ctx, session, t, t.get("board.title"), Optional.of(e.getMessage())),
                    lines.summaries()));
            return Optional.empty();
        }
        long total = summary.ownEntries() + summary.peerEntries();
        TranscriptPage transcript = lines.transcript(summary.name(), Math.max(0, total - TRANSCRIPT_ROWS), TRANSCRIPT_ROWS);
        Views.Page page = wholePage ? page(ctx, session, t, summary.name() + " — " + summary.peerName()) : fragment(ctx, session, t);
        return Optional.of(new Views.Line(page, summary,
                transcript.entries().reversed(), transcript.checkpoint(), lines.history(summary.name()).reversed(),
                transcript.waiting().reversed()));
    }

    private void confirm(Context ctx, String action) {
        Optional<Session> session = principalPage(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        LineSummary line = lines.summary(lines.resolve(ctx.pathParam("line")));
        String question = t.format(action + ".question", line.name(), line.peerName());
        String consequence = t.format(action + ".consequence", line.peerName(), line.queued());
        render(ctx, "confirm.jte", new Views.Confirm(page(ctx, session.get(), t, question), line, action, question, consequence,
                t.get(action + ".button.confirm")));
    }

    // --- actions (POST, each with the session's form token) ------------------------------------

    private void send(Context ctx) {
        Optional<Session> session = permittedForm(ctx, Session::maySend);
        if (session.isEmpty()) {
            return;
        }
        String line = ctx.pathParam("line");
        act(ctx, session.get(), line, () -> {
            Priority priority = Priority.parse(Optional.ofNullable(ctx.formParam("priority")).orElse("routine"));
            String language = Optional.ofNullable(ctx.formParam("lang")).filter(l -> !l.isBlank()).orElse("en");
            lines.submit(line, new Message(Optional.ofNullable(ctx.formParam("text")).orElse(""), priority, language));
            return texts(ctx, session.get()).get("notice.sent");
        });
    }

    private void answer(Context ctx) {
        Optional<Session> session = permittedForm(ctx, Session::maySend);
        if (session.isEmpty()) {
            return;
        }
        String line = ctx.pathParam("line");
        act(ctx, session.get(), line, () -> {
            lines.answer(line, session.get().user());
            return texts(ctx, session.get()).get("notice.answered");
        });
    }

    private void suspend(Context ctx) {
        Optional<Session> session = permittedForm(ctx, Session::mayCut);
        if (session.isEmpty()) {
            return;
        }
        String line = ctx.pathParam("line");
        act(ctx, session.get(), line, () -> {
            boolean silent = "silent".equals(ctx.formParam("kind"));
            lines.suspend(line, silent, Optional.ofNullable(ctx.formParam("reason")).orElse("").strip());
            return texts(ctx, session.get()).get("notice.suspended");
        });
    }

    private void restore(Context ctx) {
        Optional<Session> session = permittedForm(ctx, Session::mayCut);
        if (session.isEmpty()) {
            return;
        }
        String line = ctx.pathParam("line");
        act(ctx, session.get(), line, () -> {
            LineSummary summary = lines.summary(lines.resolve(line));
            boolean theyProposed = summary.restoreProposedBy().filter(by -> by.equals(summary.peerName())).isPresent();
            if (theyProposed) {
                lines.acceptRestore(line);
                return texts(ctx, session.get()).get("notice.restored");
            }
            lines.proposeRestore(line, Optional.ofNullable(ctx.formParam("note")).orElse("").strip());
            return texts(ctx, session.get()).get("notice.restore-proposed");
        });
    }

    private interface Action {
        String run();
    }

    /** Runs an action and goes back to the line's page, with what happened (or why not) shown once. */
    private void act(Context ctx, Session session, String line, Action action) {
        String notice;
        try {
            notice = action.run();
        } catch (HotlineException | IllegalArgumentException e) {
            notice = e.getMessage();
        }
        notices.put(session.id(), notice);
        ctx.redirect("/console/lines/" + encode(lines.resolve(line).name()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // --- people and tokens (principals administer them) ----------------------------------------

    private void people(Context ctx) {
        Optional<Session> session = principalPage(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        java.time.Instant now = clock.instant();
        List<Views.Person> people = users.list().stream().map(user -> new Views.Person(user.name(), user.role().wireName(),
                user.name().equals(org.hotline.store.User.STATION))).toList();
        List<Views.TokenRow> tokens = users.tokens(Optional.empty()).stream().map(token -> new Views.TokenRow(token.id(), token.name(),
                token.user(), token.role().wireName(), token.expiresAt().map(at -> at + (token.expired(now) ? " (expired)" : ""))
                        .orElse("never"))).toList();
        render(ctx, "people.jte", new Views.People(page(ctx, session.get(), t, t.get("people.title")), people, tokens));
    }

    private interface Administration {
        void run(org.hotline.store.ApiToken by);
    }

    /** A principal's form on the people page: done (or why not) shown once, back to the page. */
    private void administer(Context ctx, Administration action) {
        Optional<Session> session = permittedForm(ctx, Session::mayCut);
        if (session.isEmpty()) {
            return;
        }
        // The console acts as the signed-in principal, with the authority of a token of theirs.
        org.hotline.store.ApiToken by = new org.hotline.store.ApiToken(org.hotline.crypto.Tokens.hashOf(session.get().id()), "console",
                session.get().role(), clock.instant(), session.get().user(), Optional.empty());
        String notice;
        try {
            action.run(by);
            notice = texts(ctx, session.get()).get("people.done");
        } catch (HotlineException | IllegalArgumentException e) {
            notice = e.getMessage();
        }
        notices.put(session.get().id(), notice);
        ctx.redirect("/console/people", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // --- statements ------------------------------------------------------------------------------

    private void statements(Context ctx) {
        Optional<Session> session = signedIn(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        List<Views.PublishedStatement> published = statements.recent().stream().map(statement -> {
            String verdict;
            boolean valid;
            try {
                statement.verify();
                verdict = t.get("statements.valid");
                valid = true;
            } catch (org.hotline.protocol.ProtocolException e) {
                verdict = "REJECTED: " + e.getMessage();
                valid = false;
            }
            return new Views.PublishedStatement(statement.id().hex(), statement.title(), statement.principal(), statement.stationName(),
                    statement.published(), statement.lang(), statement.text(), statement.quotes().size(), statement.signer().base64(),
                    verdict, valid);
        }).toList();
        List<Views.Joint> joint = new java.util.ArrayList<>();
        for (org.hotline.protocol.JointStatement statement : statements.joint()) {
            try {
                org.hotline.protocol.JointStatement.Report report = statement.verify();
                joint.add(new Views.Joint(report.text().title(), report.text().lang(), report.text().text(), report.textHash().hex(),
                        report.signers(), report.cosigned()));
            } catch (org.hotline.protocol.ProtocolException e) {
                LOG.warn("console: a joint statement does not verify: {}", Printable.line(e.getMessage()));
            }
        }
        render(ctx, "statements.jte", new Views.StatementList(page(ctx, session.get(), t, t.get("statements.title")), published, joint));
    }

    // --- letters ---------------------------------------------------------------------------------

    private void letters(Context ctx) {
        Optional<Session> session = signedIn(ctx);
        if (session.isEmpty()) {
            return;
        }
        Texts t = texts(ctx, session.get());
        org.hotline.store.LineRecord line = lines.resolve(ctx.pathParam("line"));
        boolean mayWrite = session.get().mayCut() && desk.hasKeys(session.get().user());
        render(ctx, "letters.jte", new Views.LetterList(page(ctx, session.get(), t, t.format("letters.title", line.name())),
                lines.summary(line), desk.envelopes(line), desk.recipients(line), mayWrite, session.get().user()));
    }

    private void writeLetter(Context ctx) {
        Optional<Session> session = permittedForm(ctx, Session::mayCut);
        if (session.isEmpty()) {
            return;
        }
        String reference = ctx.pathParam("line");
        char[] passphrase = Optional.ofNullable(ctx.formParam("passphrase")).orElse("").toCharArray();
        String notice;
        try {
            org.hotline.store.LineRecord line = lines.resolve(reference);
            Optional<org.hotline.protocol.Hash> replyTo = Optional.ofNullable(ctx.formParam("replyTo")).filter(h -> !h.isBlank())
                    .map(org.hotline.protocol.Hash::fromHex);
            org.hotline.transcript.Submitted sent = desk.write(line, session.get().user(), field(ctx, "to"), field(ctx, "subject"),
                    ctx.formParam("private") != null, Optional.ofNullable(ctx.formParam("lang")).orElse("en"), field(ctx, "text"), replyTo,
                    passphrase);
            notice = texts(ctx, session.get()).get(sent instanceof org.hotline.transcript.Submitted.Written ? "notice.letter-sent"
                    : "notice.letter-waiting");
        } catch (HotlineException | IllegalArgumentException e) {
            notice = e.getMessage();
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
        notices.put(session.get().id(), notice);
        ctx.redirect("/console/lines/" + encode(lines.resolve(reference).name()) + "/letters", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void letter(Context ctx) {
        Optional<Session> session = signedIn(ctx);
        if (session.isEmpty()) {
            return;
        }
        renderLetter(ctx, session.get(), Optional.empty());
    }

    private void openLetter(Context ctx) {
        Optional<Session> session = permittedForm(ctx, Session::mayCut);
        if (session.isEmpty()) {
            return;
        }
        char[] passphrase = Optional.ofNullable(ctx.formParam("passphrase")).orElse("").toCharArray();
        try {
            LetterDesk.OpenLetter open = desk.open(lines.resolve(ctx.pathParam("line")), seq(ctx), session.get().user(), passphrase);
            renderLetter(ctx, session.get(), Optional.of(new Views.Opened(open.subject(), open.text(), open.keyCheck(), open.valid())));
        } catch (HotlineException e) {
            notices.put(session.get().id(), e.getMessage());
            renderLetter(ctx, session.get(), Optional.empty());
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
    }

    private void renderLetter(Context ctx, Session session, Optional<Views.Opened> opened) {
        Texts t = texts(ctx, session);
        org.hotline.store.LineRecord line = lines.resolve(ctx.pathParam("line"));
        long seq = seq(ctx);
        org.hotline.letter.Letters.Envelope envelope = desk.envelopes(line).stream().filter(e -> !e.mine() && e.seq() == seq).findFirst()
                .orElseThrow(() -> new HotlineException(org.hotline.error.ErrorCode.NOT_FOUND, "no letter from the other side at #" + seq));
        render(ctx, "letter.jte", new Views.LetterPage(page(ctx, session, t, t.format("letter.title", envelope.from())), lines.summary(line),
                seq, envelope.from(), envelope.to(), envelope.date(), envelope.subject(), opened));
    }

    private static long seq(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("seq"));
        } catch (NumberFormatException e) {
            throw new HotlineException(org.hotline.error.ErrorCode.BAD_REQUEST, "a letter's number is a whole number");
        }
    }

    private static String field(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("").strip();
    }

    // --- signing in and out ----------------------------------------------------------------------

    private void loginPage(Context ctx) {
        Texts t = new Texts(Texts.fromAcceptLanguage(ctx.header("Accept-Language")), zone(ctx));
        String token = sessions.secret();
        ctx.cookie(cookie(ctx, LOGIN_COOKIE, token, -1));
        render(ctx, "login.jte", new Views.Login(new Views.Page(t, t.get("login.title"), Optional.empty(), token, List.of(),
                ctx.path(), Optional.empty()), "1".equals(ctx.queryParam("failed")), lines.identity().name(), lines.identity().id().display()));
    }

    private void signIn(Context ctx) {
        // Double submit: the form's token must match the cookie set with the form.
        String cookie = ctx.cookie(LOGIN_COOKIE);
        if (cookie == null || !Sessions.sameToken(cookie, ctx.formParam("csrf")) || !sameOrigin(ctx)) {
            ctx.status(403).contentType("text/plain; charset=utf-8").result("The login form expired; reload the page.");
            return;
        }
        String user = Optional.ofNullable(ctx.formParam("user")).orElse("").strip();
        char[] password = Optional.ofNullable(ctx.formParam("password")).orElse("").toCharArray();
        if (user.isEmpty() || user.length() > 100) {
            ctx.redirect("/console/login?failed=1", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        // The station's users: Argon2id, and five wrong passwords pause that user for 30 s.
        Optional<Role> role = login.login(user, password);
        java.util.Arrays.fill(password, '\0');
        if (role.isEmpty()) {
            // Whoever tries to sign in chooses this name: it goes to the log neutralised, never as typed.
            LOG.warn("console: failed sign-in for user {}", Printable.line(user));
            ctx.redirect("/console/login?failed=1", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Session session = sessions.open(user, role.get(), Texts.fromAcceptLanguage(ctx.header("Accept-Language")));
        ctx.cookie(cookie(ctx, SESSION_COOKIE, session.id(), (int) Sessions.IDLE_LIMIT.toSeconds()));
        ctx.removeCookie(LOGIN_COOKIE, "/console");
        LOG.info("console: {} signed in as {}", Printable.line(user), role.get().wireName());
        ctx.redirect("/console/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        Optional<Session> session = signedInForm(ctx);
        if (session.isEmpty()) {
            return; // answered already: a form from elsewhere signs nobody out
        }
        sessions.close(session.get());
        notices.remove(session.get().id());
        ctx.removeCookie(SESSION_COOKIE, "/console");
        ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void language(Context ctx) {
        Optional<Session> session = signedInForm(ctx);
        if (session.isEmpty()) {
            return;
        }
        String language = ctx.formParam("language");
        if (Texts.LANGUAGES.contains(language)) {
            sessions.speak(session.get(), language);
        }
        String back = Optional.ofNullable(ctx.formParam("back")).orElse("/console/");
        ctx.redirect(back.startsWith("/console/") && !back.startsWith("//") && !back.contains("\\") ? back : "/console/",
                io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void events(Context ctx) throws Exception {
        if (signedInFragment(ctx).isEmpty()) {
            return;
        }
        events.sseHandler().handle(ctx);
    }

    private void asset(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        String type = ASSETS.get(name);
        if (type == null) {
            ctx.status(404).result("");
            return;
        }
        try (InputStream in = Console.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                ctx.status(404).result("");
                return;
            }
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType(type).result(in.readAllBytes());
        }
    }

    // --- the parts ---------------------------------------------------------------------------------

    private void secureHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        // Not no-referrer: with it, browsers send "Origin: null" on our own form posts.
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        if (!ctx.path().startsWith("/console/assets/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private Optional<Session> session(Context ctx) {
        Optional<Session> found = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (found.isEmpty()) {
            return found;
        }
        Optional<org.hotline.store.Role> role = currentRole.apply(found.get().user());
        if (role.isEmpty()) {
            // The user was removed: the session ends with them.
            sessions.close(found.get());
            return Optional.empty();
        }
        return Optional.of(found.get().withRole(role.get()));
    }

    /** A page only principals see: the session, or empty once the caller was sent to sign in or refused. */
    private Optional<Session> principalPage(Context ctx) {
        Optional<Session> session = signedIn(ctx);
        if (session.isPresent() && !session.get().mayCut()) {
            forbidden(ctx, texts(ctx, session.get()));
            return Optional.empty();
        }
        return session;
    }

    /** The session of a page request; without one, off to the login page. */
    private Optional<Session> signedIn(Context ctx) {
        Optional<Session> session = session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
        } else {
            // The session ends after twelve idle hours, not twelve hours after sign-in: renew the cookie.
            ctx.cookie(cookie(ctx, SESSION_COOKIE, session.get().id(), (int) Sessions.IDLE_LIMIT.toSeconds()));
        }
        return session;
    }

    /** The session of a fragment or event stream request; without one, a bare 401 the script reacts to. */
    private Optional<Session> signedInFragment(Context ctx) {
        Optional<Session> session = session(ctx);
        if (session.isEmpty()) {
            ctx.status(401).result("");
        }
        return session;
    }

    /** The session of a form post, which must carry the session's form token and come from this origin. */
    private Optional<Session> signedInForm(Context ctx) {
        Optional<Session> session = session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return session;
        }
        if (!Sessions.sameToken(session.get().csrf(), ctx.formParam("csrf")) || !sameOrigin(ctx)) {
            LOG.warn("console: refused a form from {} without a valid form token or from another origin", Printable.line(session.get().user()));
            ctx.status(403).contentType("text/plain; charset=utf-8").result("This form is not from this console; reload the page.");
            return Optional.empty();
        }
        return session;
    }

    /** The session of a form post by a user whose role allows it; otherwise the request is answered already. */
    private Optional<Session> permittedForm(Context ctx, java.util.function.Predicate<Session> may) {
        Optional<Session> session = signedInForm(ctx);
        if (session.isPresent() && !may.test(session.get())) {
            forbidden(ctx, texts(ctx, session.get()));
            return Optional.empty();
        }
        return session;
    }

    /** Browsers send Origin with every form post; when they do, it must be this very host. */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            // Behind a TLS proxy that rewrites Host, the browser's host arrives as X-Forwarded-Host.
            String host = ctx.header("Host");
            String forwarded = ctx.header("X-Forwarded-Host");
            return uri.getAuthority() != null && (uri.getAuthority().equalsIgnoreCase(host) || uri.getAuthority().equalsIgnoreCase(forwarded));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Texts texts(Context ctx, Session session) {
        return new Texts(session.language(), zone(ctx));
    }

    /** The reader's time zone, as the console's script reported it; UTC until it has. */
    private static ZoneId zone(Context ctx) {
        String zone = ctx.cookie(ZONE_COOKIE);
        if (zone == null || zone.length() > 64) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(java.net.URLDecoder.decode(zone, java.nio.charset.StandardCharsets.UTF_8));
        } catch (DateTimeException | IllegalArgumentException e) {
            return ZoneId.of("UTC");
        }
    }

    /** For a fragment: a notice waiting for the next whole page is left for it. */
    private Views.Page fragment(Context ctx, Session session, Texts t) {
        return page(ctx, session, t, "", Optional.empty());
    }

    private Views.Page page(Context ctx, Session session, Texts t, String title) {
        return page(ctx, session, t, title, Optional.ofNullable(notices.remove(session.id())));
    }

    private Views.Page page(Context ctx, Session session, Texts t, String title, Optional<String> notice) {
        List<RingingCall> ringing = lines.ringing();
        Views.User user = new Views.User(session.user(), t.get("role." + session.role().wireName()), session.maySend(), session.mayCut());
        return new Views.Page(t, title, Optional.of(user), session.csrf(), ringing, ctx.path(), notice);
    }

    private void render(Context ctx, String template, Object model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, new PrintableHtmlOutput(out));
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    private void forbidden(Context ctx, Texts t) {
        ctx.status(403).contentType("text/plain; charset=utf-8").result(t.get("forbidden"));
    }

    private static Cookie cookie(Context ctx, String name, String value, int maxAgeSeconds) {
        return new Cookie(name, value, "/console", maxAgeSeconds, secure(ctx), true, null, SameSite.STRICT);
    }

    /** Secure cookies when the console is reached over HTTPS (directly or through a proxy that says so). */
    private static boolean secure(Context ctx) {
        return ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
