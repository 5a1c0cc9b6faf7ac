package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.delivery.PeerClient;
import org.hotline.delivery.Wire;
import org.hotline.error.HotlineException;
import org.hotline.line.IssuedInvitation;
import org.hotline.protocol.Entry;
import org.hotline.protocol.EntryAuthor;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.Receipt;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;
import org.hotline.store.Role;
import org.hotline.store.StoredEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile input catalogue: one table of malformed and hostile requests against station A's
 * federation port (sent by its real peer B, by a stranger C, or by an impostor) and its operator
 * API. Each row names the exact refusal it must get; after each, A has stored nothing new and the
 * line still carries messages both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60)
class HostileCatalogueTest {
    private static final String LINE = "liaison";
    /** A's idle timeout, short so that stalled connections are seen being closed. */
    private static final int IDLE_SECONDS = 2;

    /** What a request got: an HTTP status and the JSON {@code error} code, or a connection-level outcome. */
    record Outcome(int status, String error) {
        static final Outcome HANDSHAKE_REFUSED = new Outcome(-1, "HANDSHAKE_REFUSED");
        static final Outcome CLOSED_WHEN_IDLE = new Outcome(-2, "CLOSED_WHEN_IDLE");
        static final Outcome NOT_SPOKEN_TO = new Outcome(-3, "NO_HTTP_ANSWER");
        static final Outcome CUT_OFF = new Outcome(-4, "CUT_OFF_WHILE_DRIPPING");

        @Override
        public String toString() {
            return status < 0 ? error : status + " " + error;
        }
    }

    interface Attack {
        Outcome run() throws Exception;
    }

    /** One row: what is sent, what it must get, and how many entries A itself writes meanwhile. */
    record Hostile(String name, Outcome expected, int ownEntriesWritten, Attack attack) {
        Hostile(String name, Outcome expected, Attack attack) {
            this(name, expected, 0, attack);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final TestStations.MovableClock aClock = new TestStations.MovableClock(Duration.ZERO);
    private Path aDir;
    private Path bDir;
    private Path cDir;
    private Station a;
    private Station b;
    private StationId aId;
    private StationId bId;
    private LineId line;
    private SigningKey bKey;
    private IssuedInvitation usedInvitation;
    private String operatorToken;
    private String auditorToken;
    /** Issue 11, finding 3: people's own tokens, from logins, and tokens that no longer count. */
    private String watchLogin;
    private String moonLogin;
    private String revokedToken;
    private String removedUsersToken;
    private HttpClient asB;
    private final HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void pairAndTalk(@TempDir Path temp) throws Exception {
        aDir = TestStations.init(temp.resolve("a"), "Blue House");
        bDir = TestStations.init(temp.resolve("b"), "State Affairs Commission");
        cDir = TestStations.init(temp.resolve("c"), "A stranger");
        a = Station.start(TestStations.config(aDir, Map.of("HOTLINE_LIMITS_IDLE_TIMEOUT_SECONDS", String.valueOf(IDLE_SECONDS))), aClock);
        b = TestStations.start(bDir);
        usedInvitation = a.lines().invite(LINE, Optional.empty());
        b.lines().accept(usedInvitation.invitation(), Optional.empty());
        aId = a.identity().id();
        bId = b.identity().id();
        line = TestStations.line(a, LINE).id();
        bKey = TestStations.key(bDir);
        b.lines().send(LINE, message("b one"));
        a.lines().send(LINE, message("a one"));
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(20));
        operatorToken = StationFiles.readCliToken(aDir);
        auditorToken = StationFiles.createToken(a.store(), "audit", Role.AUDITOR, new SecureRandom(), Clock.systemUTC());
        a.users().add("watch", Role.OPERATOR, "on watch all night".toCharArray());
        a.users().add("moon", Role.PRINCIPAL, "a letter to the north".toCharArray());
        a.users().add("chung", Role.PRINCIPAL, "chung's own password".toCharArray());
        a.users().add("gone", Role.OPERATOR, "soon to be removed".toCharArray());
        watchLogin = a.users().login("watch", "on watch all night".toCharArray()).token();
        moonLogin = a.users().login("moon", "a letter to the north".toCharArray()).token();
        org.hotline.store.ApiToken watchToken = a.store().token(org.hotline.crypto.Tokens.hashOf(watchLogin)).orElseThrow();
        revokedToken = a.users().mint(watchToken, "revoked", "watch", Optional.empty(), Optional.empty()).token();
        a.users().revoke(watchToken, a.store().token(org.hotline.crypto.Tokens.hashOf(revokedToken)).orElseThrow().id());
        removedUsersToken = a.users().login("gone", "soon to be removed".toCharArray()).token();
        a.users().remove("gone");
        asB = TestStations.rawClient(bDir, aId);
    }

    @AfterAll
    void stop() {
        if (asB != null) {
            asB.close();
        }
        api.close();
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    Stream<Hostile> catalogue() {
        List<Hostile> rows = new ArrayList<>();
        // --- Federation: the real peer B sends what the rules forbid -------------------------
        rows.add(new Hostile("federation: truncated JSON", refusal(400, "MALFORMED"),
                () -> federation(entries(), "application/json", utf8("{\"entries\":[" + goodEntryJson()))));
        rows.add(new Hostile("federation: not JSON at all", refusal(400, "MALFORMED"),
                () -> federation(entries(), "application/json", utf8("hello"))));
        rows.add(new Hostile("federation: invalid UTF-8", refusal(400, "MALFORMED"),
                () -> federation(entries(), "application/json", org.bouncycastle.util.Arrays.concatenate(utf8("{\"entries\":[{\"bytes\":\""),
                        new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, utf8("\",\"sig\":\"AAAA\"}]}")))));
        rows.add(new Hostile("federation: nesting 5,000 deep", refusal(400, "MALFORMED"),
                () -> federation(entries(), "application/json", utf8("[".repeat(5000) + "]".repeat(5000)))));
        rows.add(new Hostile("federation: duplicate JSON field", refusal(400, "MALFORMED"),
                () -> federation(entries(), "application/json",
                        utf8("{\"entries\":[" + goodEntryJson() + "],\"entries\":[" + goodEntryJson() + "]}"))));
        rows.add(new Hostile("federation: unknown JSON field", refusal(400, "MALFORMED"),
                () -> federation(entries(), "application/json", utf8("{\"entries\":[" + goodEntryJson() + "],\"admin\":true}"))));
        rows.add(new Hostile("federation: text/plain body", refusal(415, "UNSUPPORTED_MEDIA_TYPE"),
                () -> federation(entries(), "text/plain", utf8("{\"entries\":[" + goodEntryJson() + "]}"))));
        rows.add(new Hostile("federation: a 9 MiB body", refusal(413, "TOO_LARGE"),
                () -> outcome(asB.send(HttpRequest.newBuilder(TestStations.federationUri(a, entries()))
                        .header("Content-Type", "application/json")
                        .expectContinue(true)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(hugeBatchBody(9 * 1024 * 1024)))
                        .build(), HttpResponse.BodyHandlers.ofByteArray()))));
        rows.add(new Hostile("federation: a 20 KiB header", new Outcome(431, null),
                () -> federationWithHeader("X-Padding", "p".repeat(20 * 1024))));
        rows.add(new Hostile("federation: 1,001 entries in one batch", refusal(413, "TOO_LARGE"),
                () -> push(Collections.nCopies(1001, nextOfB("many")))));
        rows.add(new Hostile("federation: signature with one bit flipped", refusal(403, "BAD_SIGNATURE"), () -> {
            SignedEntry next = nextOfB("flipped");
            byte[] signature = next.signature();
            signature[5] ^= 0x01;
            return push(List.of(new SignedEntry(next.bytes(), signature, next.entry(), next.hash())));
        }));
        rows.add(new Hostile("federation: text changed after signing", refusal(403, "BAD_SIGNATURE"), () -> {
            SignedEntry next = nextOfB("as signed");
            byte[] edited = new String(next.bytes(), StandardCharsets.UTF_8).replace("as signed", "as Signed").getBytes(StandardCharsets.UTF_8);
            return push(List.of(SignedEntry.parse(edited, next.signature())));
        }));
        rows.add(new Hostile("federation: B's entry signed with another key", refusal(403, "BAD_SIGNATURE"),
                () -> push(List.of(SignedEntry.sign(nextOfB("other key").entry(), TestStations.key(cDir))))));
        rows.add(new Hostile("federation: author is not the TLS peer (A's own name)", refusal(403, "WRONG_AUTHOR"), () -> {
            Head aHead = head(a, aId);
            return push(List.of(EntryAuthor.next(line, a.identity().key(), aHead, head(a, bId), Instant.now(), message("I am A"))));
        }));
        rows.add(new Hostile("federation: author is a third station", refusal(403, "WRONG_AUTHOR"),
                () -> push(List.of(EntryAuthor.next(line, TestStations.key(cDir), Head.EMPTY, Head.EMPTY, Instant.now(), message("C speaks"))))));
        rows.add(new Hostile("federation: replay of B's delivered entries", new Outcome(200, "REPLAY_ACKNOWLEDGED"), () -> {
            List<SignedEntry> delivered = TestStations.chain(b, LINE, bId).stream().map(StoredEntry::signed).toList();
            HttpResponse<byte[]> response = federationRaw(entries(), "application/json", Wire.JSON.writeValueAsBytes(Wire.Batch.of(delivered)));
            Wire.Delivered answer = Wire.JSON.readValue(response.body(), Wire.Delivered.class);
            boolean nothingFresh = answer.fresh() == 0 && answer.duplicates() == delivered.size();
            return new Outcome(response.statusCode(), nothingFresh ? "REPLAY_ACKNOWLEDGED" : "STORED " + answer.fresh());
        }));
        rows.add(new Hostile("federation: seq gap (skips one)", refusal(409, "SEQ_GAP"),
                () -> push(List.of(signB(withSeq(head(b, bId).seq() + 2, "skips one"))))));
        rows.add(new Hostile("federation: seq from the far future", refusal(409, "SEQ_GAP"),
                () -> push(List.of(signB(withSeq(1_000_000_000L, "far ahead"))))));
        rows.add(new Hostile("federation: prev hash of another chain", refusal(409, "BAD_PREV"), () -> {
            Head bHead = head(b, bId);
            return push(List.of(signB(new Entry(Entry.VERSION, line, bId, bHead.seq() + 1, Optional.of(someHash()), head(b, aId),
                    Instant.now(), message("wrong prev")))));
        }));
        rows.add(new Hostile("federation: seen an entry A never wrote", refusal(409, "BAD_SEEN"), () -> {
            Head bHead = head(b, bId);
            return push(List.of(signB(new Entry(Entry.VERSION, line, bId, bHead.seq() + 1, bHead.hash(),
                    Head.of(head(b, aId).seq() + 7, someHash()), Instant.now(), message("seen the future")))));
        }));
        rows.add(new Hostile("federation: entry of another line", refusal(403, "WRONG_LINE"), () -> push(List.of(
                EntryAuthor.next(LineId.random(new SecureRandom()), bKey, head(b, bId), head(b, aId), Instant.now(), message("elsewhere"))))));
        rows.add(new Hostile("federation: unknown line id in the path", refusal(404, "NOT_FOUND"),
                () -> federation("lines/" + LineId.random(new SecureRandom()).value() + "/entries", "application/json",
                        utf8("{\"entries\":[" + goodEntryJson() + "]}"))));
        rows.add(new Hostile("federation: path traversal as line id", refusal(400, "BAD_REQUEST"),
                () -> federation("lines/..%2F..%2Fetc%2Fpasswd/entries", "application/json", utf8("{\"entries\":[" + goodEntryJson() + "]}"))));
        rows.add(new Hostile("federation: SQL as line id", refusal(400, "BAD_REQUEST"),
                () -> federation("lines/x'%20OR%20'1'%3D'1/entries", "application/json", utf8("{\"entries\":[" + goodEntryJson() + "]}"))));
        rows.add(new Hostile("federation: equivocation (a second #1)", refusal(409, "EQUIVOCATION"),
                () -> push(List.of(EntryAuthor.next(line, bKey, Head.EMPTY, Head.EMPTY, Instant.now(), message("b one, retold"))))));
        // The peer's clock: what B signs cannot be removed later, so implausible dates are refused at the edge.
        rows.add(new Hostile("federation: dated an hour ahead of A's clock", refusal(409, "BAD_TIME"),
                () -> push(List.of(nextOfBAt(aClock.instant().plus(Duration.ofHours(1)), message("from the future"))))));
        rows.add(new Hostile("federation: a watch test dated +999999999-12-31T23:59:59.999Z", refusal(409, "BAD_TIME"),
                () -> push(List.of(nextOfBAt(Instant.parse("+999999999-12-31T23:59:59.999Z"),
                        new org.hotline.protocol.Call(org.hotline.protocol.CallKind.WATCH_TEST, Instant.now(), Duration.ofMinutes(5)))))));
        rows.add(new Hostile("federation: dated before B's previous entry", refusal(409, "BAD_TIME"),
                () -> push(List.of(nextOfBAt(TestStations.chain(b, LINE, bId).getLast().signed().entry().at().minusMillis(1),
                        message("back in time"))))));
        rows.add(new Hostile("federation: dated a day before the line opened", refusal(409, "BAD_TIME"),
                () -> push(List.of(nextOfBAt(TestStations.line(a, LINE).openedAt().minus(Duration.ofDays(1)), message("before we met"))))));
        // --- Federation: strangers, impostors, invitations -----------------------------------
        rows.add(new Hostile("federation: unknown station's key", Outcome.HANDSHAKE_REFUSED, () -> {
            try (PeerClient stranger = TestStations.client(cDir, aId, TestStations.federationAddress(a))) {
                stranger.heartbeat(line);
                return new Outcome(200, "ANSWERED");
            } catch (IOException e) {
                return causedBy(e, javax.net.ssl.SSLException.class) ? Outcome.HANDSHAKE_REFUSED : new Outcome(-9, e.toString());
            }
        }));
        rows.add(new Hostile("federation: plain HTTP on the TLS port", Outcome.NOT_SPOKEN_TO,
                () -> plainHttp(a.federationPort(), "GET /federation/v1/hello HTTP/1.1\r\nHost: a\r\n\r\n")));
        rows.add(new Hostile("federation: expired invitation", refusal(410, "INVITATION_INVALID"), () -> {
            IssuedInvitation shortLived = a.lines().invite("spare", Optional.of(Duration.ofHours(1)));
            // Another invitation still open lets a stranger through the handshake, so that the
            // expired one is refused by name rather than by a closed door.
            a.lines().invite("spare-two", Optional.of(Duration.ofDays(3)));
            aClock.advance(Duration.ofHours(2));
            try (Station c = TestStations.start(cDir)) {
                return acceptAt(c, shortLived.invitation(), "expired");
            } finally {
                aClock.advance(Duration.ofHours(-2));
                a.store().lines().stream().filter(l -> l.name().equals("spare")).findAny()
                        .ifPresent(l -> { throw new AssertionError("an expired invitation opened a line"); });
            }
        }));
        rows.add(new Hostile("federation: invitation used a second time", refusal(410, "INVITATION_INVALID"), () -> {
            try (Station c = TestStations.start(cDir)) {
                return acceptAt(c, usedInvitation.invitation(), "already used");
            }
        }));
        rows.add(new Hostile("federation: pair request whose name fakes a station id line", refusal(400, "BAD_REQUEST"),
                () -> pairWithName("spoof-id", "Blue House\n  station id  AAAA-BBBB-CCCC\u001b[8m\u202e")));
        rows.add(new Hostile("federation: pair request whose name is a bidi override", refusal(400, "BAD_REQUEST"),
                () -> pairWithName("spoof-bidi", "\u202eesuoH eulB")));
        rows.add(new Hostile("federation: receipt signed by another key", refusal(0, "BAD_SIGNATURE"), 1,
                () -> impostorReceipt((receipt, key) -> SignedReceipt.sign(receipt, TestStations.key(cDir)))));
        rows.add(new Hostile("federation: receipt for entries never sent", refusal(0, "BAD_RECEIPT"), 1,
                () -> impostorReceipt((receipt, key) -> SignedReceipt.sign(new Receipt(receipt.line(), receipt.by(), receipt.of(),
                        Head.of(receipt.head().seq() + 5, someHash()), receipt.own(), receipt.at()), key))));
        rows.add(new Hostile("federation: a body dripped a byte at a time", Outcome.CUT_OFF, () -> {
            // A refuses it (408 TOO_SLOW) and closes the connection under the sender, which then
            // rarely sees the answer: what counts is that A ends it in seconds, not in 300.
            long started = System.nanoTime();
            String ended;
            try {
                ended = "answered " + asB.send(HttpRequest.newBuilder(TestStations.federationUri(a, entries()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(Drip::new), 1000))
                        .build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode();
            } catch (IOException e) {
                ended = "closed";
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            boolean cutOff = (ended.equals("closed") || ended.equals("answered 408")) && took.compareTo(Duration.ofSeconds(10)) < 0;
            return cutOff ? Outcome.CUT_OFF : new Outcome(-9, ended + " after " + took.toMillis() + " ms");
        }));
        // An impostor holding B's key answers A's batches and heartbeats outside every limit.
        byte[] megabytes = new byte[5 * 1024 * 1024];
        rows.add(new Hostile("federation: an answer that never ends", refusal(0, "ANSWER_TOO_LARGE"), 1,
                () -> impostorAnswers(exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        while (true) {
                            out.write(megabytes, 0, 64 * 1024);
                        }
                    }
                }, "ANSWER_TOO_LARGE")));
        rows.add(new Hostile("federation: a 5 MiB answer", refusal(0, "ANSWER_TOO_LARGE"), 1,
                () -> impostorAnswers(exchange -> {
                    exchange.sendResponseHeaders(200, megabytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(megabytes);
                    }
                }, "ANSWER_TOO_LARGE")));
        rows.add(new Hostile("federation: an answer dripped a byte at a time", refusal(0, "ANSWER_TOO_SLOW"), 1,
                () -> impostorAnswers(exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        while (true) {
                            out.write(' ');
                            out.flush();
                            Thread.sleep(200);
                        }
                    }
                }, "ANSWER_TOO_SLOW")));
        rows.add(new Hostile("federation: connection that never speaks", Outcome.CLOSED_WHEN_IDLE,
                () -> stalled(a.federationPort(), new byte[0])));
        // --- Operator API ----------------------------------------------------------------------
        String messages = "/api/v1/lines/" + LINE + "/messages";
        rows.add(new Hostile("api: no token", refusal(401, "UNAUTHENTICATED"),
                () -> api("GET", "/api/v1/lines", null, null, null)));
        rows.add(new Hostile("api: unknown token", refusal(401, "UNAUTHENTICATED"),
                () -> api("GET", "/api/v1/lines", "hl_" + "A".repeat(43), null, null)));
        rows.add(new Hostile("api: auditor sends a message", refusal(403, "FORBIDDEN"),
                () -> api("POST", messages, auditorToken, "application/json", utf8("{\"text\":\"not mine to say\"}"))));
        rows.add(new Hostile("api: auditor cuts the line", refusal(403, "FORBIDDEN"),
                () -> api("POST", "/api/v1/lines/" + LINE + "/suspend", auditorToken, "application/json", utf8("{\"silent\":false}"))));
        rows.add(new Hostile("api: auditor mints a token", refusal(403, "FORBIDDEN"),
                () -> api("POST", "/api/v1/tokens", auditorToken, "application/json", utf8("{\"name\":\"x\",\"role\":\"operator\"}"))));
        rows.add(new Hostile("api: a login mints a token for another user", refusal(403, "FORBIDDEN"),
                () -> api("POST", "/api/v1/tokens", watchLogin, "application/json", utf8("{\"name\":\"x\",\"user\":\"moon\"}"))));
        rows.add(new Hostile("api: an operator's login mints a principal token", refusal(403, "FORBIDDEN"),
                () -> api("POST", "/api/v1/tokens", watchLogin, "application/json", utf8("{\"name\":\"x\",\"role\":\"principal\"}"))));
        rows.add(new Hostile("api: a principal announces keys as another", refusal(403, "FORBIDDEN"),
                () -> api("POST", "/api/v1/principals/chung/keys", moonLogin, "application/json", keys("chung", 1024))));
        rows.add(new Hostile("api: a principal fetches another's locked key", refusal(403, "FORBIDDEN"),
                () -> api("GET", "/api/v1/principals/chung/locked-key", moonLogin, null, null)));
        rows.add(new Hostile("api: a locked key asking Argon2 for a GiB", refusal(400, "BAD_REQUEST"),
                () -> api("POST", "/api/v1/principals/moon/keys", moonLogin, "application/json", keys("moon", 1024 * 1024))));
        rows.add(new Hostile("api: a revoked token", refusal(401, "UNAUTHENTICATED"),
                () -> api("GET", "/api/v1/lines", revokedToken, null, null)));
        rows.add(new Hostile("api: a removed user's token", refusal(401, "UNAUTHENTICATED"),
                () -> api("GET", "/api/v1/lines", removedUsersToken, null, null)));
        rows.add(new Hostile("api: an operator removes a user", refusal(403, "FORBIDDEN"),
                () -> api("POST", "/api/v1/users/moon/remove", watchLogin, "application/json", utf8("{}"))));
        rows.add(new Hostile("api: bad JSON", refusal(400, "BAD_REQUEST"),
                () -> api("POST", messages, operatorToken, "application/json", utf8("{\"text\":"))));
        rows.add(new Hostile("api: invalid UTF-8", refusal(400, "BAD_REQUEST"),
                () -> api("POST", messages, operatorToken, "application/json", org.bouncycastle.util.Arrays.concatenate(utf8("{\"text\":\""), new byte[] {(byte) 0xFF}, utf8("\"}")))));
        rows.add(new Hostile("api: a 1 MiB body", refusal(413, "TOO_LARGE"),
                () -> api("POST", messages, operatorToken, "application/json", utf8("{\"text\":\"" + "x".repeat(1024 * 1024) + "\"}"))));
        rows.add(new Hostile("api: a 20 KiB header", new Outcome(431, null),
                () -> plainHttpStatus(a.apiPort(), "GET /api/v1/lines HTTP/1.1\r\nHost: a\r\nX-Padding: " + "p".repeat(20 * 1024) + "\r\n\r\n")));
        rows.add(new Hostile("api: path traversal to a line", refusal(404, "NOT_FOUND"),
                () -> api("GET", "/api/v1/lines/..%2F..%2F..%2Fetc%2Fpasswd/export", operatorToken, null, null)));
        rows.add(new Hostile("api: path traversal in an invitation's line name", refusal(400, "BAD_REQUEST"),
                () -> api("POST", "/api/v1/invitations", operatorToken, "application/json", utf8("{\"line\":\"../../etc/passwd\"}"))));
        rows.add(new Hostile("api: SQL in a line name", refusal(400, "BAD_REQUEST"),
                () -> api("POST", "/api/v1/invitations", operatorToken, "application/json", utf8("{\"line\":\"x'; DROP TABLE entries;--\"}"))));
        rows.add(new Hostile("api: SQL in a line reference", refusal(404, "NOT_FOUND"),
                () -> api("GET", "/api/v1/lines/x'%20OR%20'1'%3D'1", operatorToken, null, null)));
        rows.add(new Hostile("api: unknown priority", refusal(400, "BAD_REQUEST"),
                () -> api("POST", messages, operatorToken, "application/json", utf8("{\"text\":\"hi\",\"priority\":\"urgent!!\"}"))));
        rows.add(new Hostile("api: a wait of -1 seconds", refusal(400, "BAD_REQUEST"),
                () -> api("GET", "/api/v1/lines/" + LINE + "/transcript?wait=-1", operatorToken, null, null)));
        rows.add(new Hostile("api: slow loris (headers begun, never finished)", Outcome.CLOSED_WHEN_IDLE,
                () -> stalled(a.apiPort(), utf8("GET /api/v1/lines HTTP/1.1\r\nHost: a\r\nX-Slow: "))));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void isRefusedStoresNothingAndTheLineStillWorks(Hostile hostile) throws Exception {
        TestStations.Snapshot before = TestStations.Snapshot.of(a, LINE);
        Outcome outcome = hostile.attack().run();

        if (hostile.expected().status() == 0) {
            // A refusal that happens at A's side of a response, not in an HTTP status.
            assertThat(outcome.error()).as(hostile.name()).isEqualTo(hostile.expected().error());
        } else {
            assertThat(outcome).as(hostile.name()).isEqualTo(hostile.expected());
        }
        TestStations.Snapshot after = TestStations.Snapshot.of(a, LINE);
        int written = hostile.ownEntriesWritten();
        assertThat(after.entries()).as("%s: entries stored", hostile.name()).hasSize(before.entries().size() + written)
                .startsWith(before.entries().toArray(String[]::new));
        assertThat(after.peerEntries()).as("%s: peer entries", hostile.name()).isEqualTo(before.peerEntries());
        assertThat(after.ownEntries()).as("%s: own entries", hostile.name()).isEqualTo(before.ownEntries() + written);
        if (!"EQUIVOCATION".equals(hostile.expected().error())) {
            // An equivocation is kept as evidence and flags the line, by design; nothing else is.
            assertThat(after.evidence()).as("%s: evidence", hostile.name()).isEqualTo(before.evidence());
            assertThat(after.flag()).as("%s: flag", hostile.name()).isEqualTo(before.flag());
        }
        assertLineStillWorks();
    }

    @Test
    void catalogueHoldsAtLeastThirtyDistinctAttacks() {
        List<Hostile> rows = catalogue().toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(30);
        assertThat(rows.stream().map(Hostile::name).distinct().count()).isEqualTo(rows.size());
    }

    @Test
    void longPollOutlivesTheIdleTimeout() throws Exception {
        // A client waiting for new entries is not a stalled client: the wait may exceed the idle timeout.
        long after = TestStations.summary(a, LINE).ownEntries() + TestStations.summary(a, LINE).peerEntries();
        long started = System.nanoTime();
        Outcome waited = api("GET", "/api/v1/lines/" + LINE + "/transcript?after=" + after + "&wait=" + (IDLE_SECONDS * 2),
                operatorToken, null, null);
        assertThat(waited.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(IDLE_SECONDS * 2 - 1));
    }

    // --- attacks ---------------------------------------------------------------------------------

    private static Outcome refusal(int status, String error) {
        return new Outcome(status, error);
    }

    private String entries() {
        return "lines/" + line.value() + "/entries";
    }

    private Outcome push(List<SignedEntry> batch) throws Exception {
        return federation(entries(), "application/json", Wire.JSON.writeValueAsBytes(Wire.Batch.of(batch)));
    }

    private Outcome federation(String path, String contentType, byte[] body) throws Exception {
        return outcome(federationRaw(path, contentType, body));
    }

    private HttpResponse<byte[]> federationRaw(String path, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(TestStations.federationUri(a, path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return asB.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private Outcome federationWithHeader(String name, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(TestStations.federationUri(a, "lines/" + line.value() + "/heartbeat"))
                .timeout(Duration.ofSeconds(20))
                .header(name, value)
                .GET()
                .build();
        return outcome(asB.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** A principal-key request for {@code name}, its private halves locked at {@code memoryKiB} (the cost travels in the blob). */
    private static byte[] keys(String name, int memoryKiB) {
        org.hotline.crypto.PrincipalSecrets secrets = org.hotline.crypto.PrincipalSecrets.generate(new SecureRandom());
        byte[] locked = secrets.lock(name, "a long passphrase".toCharArray(), new org.hotline.crypto.Passwords.Cost(1024, 1, 1),
                new SecureRandom());
        java.nio.ByteBuffer.wrap(locked).putInt(5, memoryKiB);
        return utf8("{\"signing\":\"" + secrets.signingPublic().base64() + "\",\"sealing\":\"" + secrets.sealingPublic().base64()
                + "\",\"locked\":\"" + java.util.Base64.getEncoder().encodeToString(locked) + "\"}");
    }

    private Outcome api(String method, String path, String token, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(a.apiUrl() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return outcome(api.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private static Outcome outcome(HttpResponse<byte[]> response) {
        String error = null;
        boolean json = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        if (json && response.body().length > 0) {
            try {
                JsonNode body = Wire.JSON.readTree(response.body());
                if (body.path("error").isTextual()) {
                    error = body.path("error").textValue();
                    assertThat(body.path("reason").asText()).as("a refusal says why").isNotBlank();
                }
            } catch (IOException e) {
                error = "UNPARSEABLE";
            }
        }
        return new Outcome(response.statusCode(), error);
    }

    /**
     * A stranger holding a valid invitation's secret pairs under a name that could hide or fake a
     * line of output: A refuses it, and the invitation stays unused and no line is opened.
     */
    private Outcome pairWithName(String lineName, String name) throws Exception {
        IssuedInvitation invitation = a.lines().invite(lineName, Optional.of(Duration.ofHours(1)));
        org.hotline.line.InvitationCode code = org.hotline.line.InvitationCode.decode(invitation.invitation());
        Outcome outcome;
        try (PeerClient stranger = TestStations.client(cDir, aId, TestStations.federationAddress(a))) {
            stranger.pair(new Wire.PairRequest(code.line().value(), code.secret(), name, "127.0.0.1:9"));
            outcome = new Outcome(201, "PAIRED");
        } catch (org.hotline.delivery.PeerRefusedException e) {
            outcome = new Outcome(e.status(), e.refusal().error());
        }
        assertThat(a.store().invitation(code.line()).orElseThrow().usedAt()).as("invitation still unused").isEmpty();
        assertThat(a.store().lines()).as("no line opened").noneMatch(l -> l.name().equals(lineName));
        return outcome;
    }

    /** The acceptor's outcome; the refusal's code, provided its reason says {@code because}. */
    private static Outcome acceptAt(Station acceptor, String invitation, String because) {
        try {
            acceptor.lines().accept(invitation, Optional.empty());
            return new Outcome(201, "ACCEPTED");
        } catch (HotlineException e) {
            String code = e.getMessage().contains(because) ? e.code().name() : e.code().name() + ": " + e.getMessage();
            return new Outcome(e.code().httpStatus(), code);
        }
    }

    /** A plain-text HTTP request to a port: the HTTP status of the answer, or that none came. */
    private static Outcome plainHttp(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(5);
            return new String(answer, StandardCharsets.US_ASCII).equals("HTTP/") ? new Outcome(0, "ANSWERED IN PLAIN HTTP")
                    : Outcome.NOT_SPOKEN_TO;
        } catch (IOException e) {
            return Outcome.NOT_SPOKEN_TO;
        }
    }

    private static Outcome plainHttpStatus(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return new Outcome(Integer.parseInt(statusLine.substring(9, 12)), null);
        }
    }

    /**
     * Opens twenty connections that send {@code prefix} and then nothing. While they hang, A must
     * still answer its API; each must then be closed by A within a few idle timeouts.
     */
    private Outcome stalled(int port, byte[] prefix) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout((IDLE_SECONDS + 8) * 1000);
                socket.getOutputStream().write(prefix);
                socket.getOutputStream().flush();
                sockets.add(socket);
            }
            assertThat(api("GET", "/api/v1/lines", operatorToken, null, null).status())
                    .as("the API answers while stalled connections hang").isEqualTo(200);
            for (Socket socket : sockets) {
                InputStream in = socket.getInputStream();
                try {
                    // Either a 408 then close, or a bare close; never an answer to the half request.
                    byte[] rest = in.readAllBytes();
                    String text = new String(rest, StandardCharsets.US_ASCII);
                    if (!text.isEmpty() && !text.startsWith("HTTP/1.1 408") && !text.startsWith("HTTP/1.1 400")) {
                        return new Outcome(-9, "answered: " + text.lines().findFirst().orElse(""));
                    }
                } catch (SocketTimeoutException e) {
                    return new Outcome(-9, "still open after " + (IDLE_SECONDS + 8) + " s");
                } catch (IOException e) {
                    // reset by the server: closed too
                }
            }
            return Outcome.CLOSED_WHEN_IDLE;
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    interface ReceiptForgery {
        SignedReceipt forge(Receipt honest, SigningKey bKey) throws Exception;
    }

    /**
     * B is replaced by an impostor holding B's key, which answers A's batches with a forged
     * receipt. A must refuse the receipt, keep its entries queued, and deliver them once the real B
     * is back.
     */
    private Outcome impostorReceipt(ReceiptForgery forgery) throws Exception {
        return impostor(exchange -> {
            byte[] answer;
            if (exchange.getRequestURI().getPath().endsWith("/entries")) {
                List<SignedEntry> batch = Wire.JSON.readValue(exchange.getRequestBody().readAllBytes(), Wire.Batch.class).parse();
                Receipt honest = new Receipt(line, bId, aId, batch.getLast().head(), Head.EMPTY, Instant.now());
                SignedReceipt forged = forgery.forge(honest, bKey);
                answer = Wire.JSON.writeValueAsBytes(new Wire.Delivered(
                        new Wire.Signed(forged.bytesBase64(), forged.signatureBase64()), batch.size(), 0));
            } else {
                answer = Wire.JSON.writeValueAsBytes(new Wire.Heartbeat(Instant.now().toString(), 0, 0));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }, "receipt");
    }

    interface ImpostorAnswer {
        void answer(com.sun.net.httpserver.HttpExchange exchange) throws Exception;
    }

    /** An impostor that reads each request whole, then answers as told. */
    private Outcome impostorAnswers(ImpostorAnswer answer, String expected) throws Exception {
        return impostor(exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer.answer(exchange);
        }, expected);
    }

    /**
     * B is replaced by an impostor holding B's key, answering every federation request as told,
     * until A shows the operator a link error containing {@code expected}; then the real B comes
     * back and the line drains. The outcome is the code at the start of A's link error.
     */
    private Outcome impostor(ImpostorAnswer answer, String expected) throws Exception {
        int bPort = b.federationPort();
        b.close();
        b = null;
        HttpsServer impostor = TestStations.impostorServer(bDir, aId::equals, bPort, 16);
        impostor.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        impostor.createContext("/federation/v1/", exchange -> {
            try (exchange) {
                answer.answer(exchange);
            } catch (IOException e) {
                // A hung up.
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        impostor.start();
        String seen;
        try {
            a.lines().send(LINE, message("to an impostor"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> TestStations.summary(a, LINE).linkError().filter(e -> e.contains(expected)).isPresent());
            seen = TestStations.summary(a, LINE).linkError().orElseThrow();
            assertThat(TestStations.summary(a, LINE).queued()).as("still queued").isEqualTo(1);
            assertThat(a.store().receiptCovering(line, head(a, aId).seq())).as("no receipt kept").isEmpty();
        } finally {
            impostor.stop(0);
            b = TestStations.restart(bDir, bPort);
        }
        TestStations.awaitQuiet(a, LINE, b, LINE, Duration.ofSeconds(30));
        return new Outcome(0, seen.substring(0, seen.indexOf(':')));
    }

    /** A request body that arrives a byte every 300 ms. */
    private static final class Drip extends InputStream {
        private int left = 1000;

        @Override
        public int read() throws IOException {
            if (left-- <= 0) {
                return -1;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return ' ';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int next = read();
            if (next < 0) {
                return -1;
            }
            buffer[offset] = (byte) next;
            return 1;
        }
    }

    // --- checks and helpers ------------------------------------------------------------------------

    /** After any attack, B still delivers to A and A to B. */
    private void assertLineStillWorks() {
        TestStations.assertLineStillWorks(a, b, LINE);
    }

    private SignedEntry nextOfB(String text) throws Exception {
        return EntryAuthor.next(line, bKey, head(b, bId), head(b, aId), Instant.now(), message(text));
    }

    private SignedEntry nextOfBAt(Instant at, org.hotline.protocol.Body body) throws Exception {
        return EntryAuthor.next(line, bKey, head(b, bId), head(b, aId), at, body);
    }

    private String goodEntryJson() throws Exception {
        SignedEntry valid = nextOfB("never stored");
        return "{\"bytes\":\"" + valid.bytesBase64() + "\",\"sig\":\"" + valid.signatureBase64() + "\"}";
    }

    private byte[] hugeBatchBody(int size) throws Exception {
        String one = goodEntryJson();
        StringBuilder body = new StringBuilder("{\"entries\":[").append(one);
        while (body.length() < size) {
            body.append(',').append(one);
        }
        return utf8(body.append("]}").toString());
    }

    private Entry withSeq(long seq, String text) {
        return new Entry(Entry.VERSION, line, bId, seq, Optional.of(someHash()), head(b, aId), Instant.now(), message(text));
    }

    private SignedEntry signB(Entry entry) throws Exception {
        return SignedEntry.sign(entry, bKey);
    }

    private Head head(Station station, StationId author) {
        List<StoredEntry> chain = TestStations.chain(station, LINE, author);
        return chain.isEmpty() ? Head.EMPTY : chain.getLast().signed().head();
    }

    private static Hash someHash() {
        return Hash.sha256("elsewhere".getBytes(StandardCharsets.UTF_8));
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Message message(String text) {
        return new Message(text, Priority.ROUTINE, "en");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
