package org.hotline.fuzz;

import static org.hotline.fuzz.FuzzWorld.CUT;
import static org.hotline.fuzz.FuzzWorld.OPEN;
import static org.hotline.fuzz.FuzzWorld.PEER;
import static org.hotline.fuzz.FuzzWorld.PEER_ID;
import static org.hotline.fuzz.FuzzWorld.US;
import static org.hotline.fuzz.FuzzWorld.US_ID;
import static org.hotline.fuzz.FuzzWorld.expect;

import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hotline.crypto.StationCertificate;
import org.hotline.delivery.LinkMonitor;
import org.hotline.delivery.Peers;
import org.hotline.delivery.Receiver;
import org.hotline.delivery.Wire;
import org.hotline.protocol.ChainAudit;
import org.hotline.protocol.ChainRules;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;
import org.hotline.store.Database;
import org.hotline.store.JdbcStore;
import org.hotline.store.LineRecord;
import org.hotline.store.LineState;
import org.hotline.store.StoredEntry;
import org.hotline.store.WriteBatch;
import org.hotline.transcript.TranscriptWriter;
import org.hotline.web.FederationBatches;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Fuzzes the federation endpoint's batch handling ({@link FederationBatches}, what
 * {@code POST /federation/v1/lines/{line}/entries} runs once TLS has proved the peer) against a
 * real store on a SQLite file holding {@link FuzzWorld}'s two lines. Whatever the body, the answer
 * is a receipt (200) or a refusal with one of the documented reasons (400, 403, 409, 413), never
 * an exception; a refused batch stores nothing (an equivocation stores only its evidence and the
 * line's flag); an accepted one leaves a peer chain that an auditor accepts, and a receipt signed
 * by us for its head. Whatever a batch changed is undone before the next input.
 */
class FederationFuzzTest {
    private static final Set<String> REFUSALS = Stream.concat(
                    Stream.of(ProtocolException.Reason.values()).map(Enum::name), Stream.of("SUSPENDED"))
            .collect(Collectors.toUnmodifiableSet());
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2021-07-28T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path temp;

    private static String url;
    private static final Map<LineId, LineRecord> records = new HashMap<>();
    private static Connection oracle;
    private static PreparedStatement snapshotQuery;
    private static JdbcStore store;
    private static Peers peers;
    private static LinkMonitor links;
    private static TranscriptWriter writer;
    private static Receiver receiver;
    private static FederationBatches batches;
    private static final AtomicInteger equivocations = new AtomicInteger();
    /** How often each answer came, printed at the end: a fuzzer that never gets past the parser shows here. */
    private static final Map<String, Integer> outcomes = new TreeMap<>();
    private static final int MAX_REQUESTS = 4;
    /** Whether the input's requests may have left anything behind, in the store or in the writer. */
    private static boolean touched;
    private static long resets;
    private static long resetNanos;

    @BeforeAll
    static void open() throws Exception {
        // Every refusal is logged; thousands a second would only slow the fuzzer down.
        for (Class<?> noisy : List.of(FederationBatches.class, TranscriptWriter.class)) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(noisy)).setLevel(Level.OFF);
        }
        url = Database.sqliteUrl(temp.resolve("fuzz.db"));
        store = JdbcStore.open(url);
        WriteBatch history = new WriteBatch();
        for (LineId line : List.of(OPEN, CUT)) {
            store.insertLine(new LineRecord(line, line.equals(OPEN) ? "open" : "cut", PEER_ID, "B", PEER.verifyingKey(),
                    "127.0.0.1:1", LineState.OPEN, Optional.empty(), FuzzWorld.START));
            long position = 0;
            for (SignedEntry entry : FuzzWorld.history(line)) {
                history.add(new StoredEntry(entry, ++position, FuzzWorld.START));
            }
        }
        store.commit(history);
        for (LineId line : List.of(OPEN, CUT)) {
            records.put(line, store.line(line).orElseThrow());
        }
        // Resets need not survive a power cut: no fsync for this connection's commits.
        SQLiteConfig unsynced = new SQLiteConfig();
        unsynced.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        oracle = DriverManager.getConnection(url, unsynced.toProperties());
        snapshotQuery = oracle.prepareStatement("""
                SELECT (SELECT COALESCE(MAX(position), 0) FROM entries WHERE line_id = ?),
                       (SELECT COALESCE(MAX(position), 0) FROM entries WHERE line_id = ?),
                       (SELECT COUNT(*) FROM evidence),
                       (SELECT flag IS NOT NULL FROM lines WHERE id = ?),
                       (SELECT flag IS NOT NULL FROM lines WHERE id = ?)""");
        snapshotQuery.setString(1, OPEN.value());
        snapshotQuery.setString(2, CUT.value());
        snapshotQuery.setString(3, OPEN.value());
        snapshotQuery.setString(4, CUT.value());
        peers = new Peers(StationCertificate.selfSigned(US, CLOCK.instant()));
        links = new LinkMonitor(peers, CLOCK, Duration.ofSeconds(5));
        startWriter();
    }

    private static void startWriter() {
        writer = new TranscriptWriter(store, US, CLOCK).start();
        receiver = new Receiver(writer, US, CLOCK, links, (line, message) -> equivocations.incrementAndGet(),
                Duration.ofMinutes(5));
        batches = new FederationBatches(receiver, "A");
    }

    @AfterAll
    static void close() throws SQLException {
        if (oracle != null) {
            oracle.close();
        }
        System.out.println("FederationFuzzTest outcomes: " + outcomes + "; " + resets + " resets, " + resetNanos / 1_000_000 + " ms");
        if (writer != null) {
            writer.close();
        }
        if (links != null) {
            links.close();
        }
        if (peers != null) {
            peers.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** Any body at all, as the peer might send it, on the open line. */
    @FuzzTest(maxDuration = "60s")
    @DictionaryFile(resourcePath = "hotline.dict")
    void body(byte[] body) throws Exception {
        try {
            handle(OPEN, body, -1);
        } finally {
            resetIfTouched();
        }
    }

    /**
     * A hostile but authenticated peer: up to {@value #MAX_REQUESTS} requests, separated by a
     * 0x01 byte, each of entries separated by NUL bytes. Each entry is signed with the peer's key
     * and sent in a well-formed batch, so the chain rules and the store decide, and later requests
     * meet what earlier ones stored (a resend, a second equivocation, a restore then a message). A
     * request goes to the cut line if its first entry names that line, else to the open line.
     */
    @FuzzTest(maxDuration = "60s")
    @DictionaryFile(resourcePath = "hotline.dict")
    void signedBatch(byte[] data) throws Exception {
        try {
            for (byte[] request : FuzzWorld.split(data, FuzzWorld.REQUEST_SEPARATOR, MAX_REQUESTS)) {
                List<byte[]> pieces = FuzzWorld.split(request, FuzzWorld.SEPARATOR, ChainRules.MAX_BATCH + 1);
                LineId line = new String(pieces.getFirst(), StandardCharsets.ISO_8859_1).contains(CUT.value()) ? CUT : OPEN;
                List<Wire.Signed> signed = new ArrayList<>(pieces.size());
                Base64.Encoder base64 = Base64.getEncoder();
                for (byte[] piece : pieces) {
                    signed.add(new Wire.Signed(base64.encodeToString(piece), base64.encodeToString(PEER.sign(piece))));
                }
                handle(line, Wire.JSON.writeValueAsBytes(new Wire.Batch(signed)), pieces.size());
            }
        } finally {
            resetIfTouched();
        }
    }

    private static void handle(LineId line, byte[] body, int batchSize) throws Exception {
        LineRecord record = records.get(line);
        Snapshot before = Snapshot.of();
        long peerHeadBefore = receiver.peerHeadSeq(record);
        int equivocationsBefore = equivocations.get();

        FederationBatches.Reply reply = batches.handle(record, body);

        Snapshot after = Snapshot.of();
        outcomes.merge(reply.status() + (reply.body() instanceof Wire.Refusal refusal ? " " + refusal.error() : ""), 1, Integer::sum);
        if (reply.status() == 200) {
            // Even a batch of duplicates moves the writer's idea of what our receipts named.
            touched = true;
            expect(reply.body() instanceof Wire.Delivered, "200 without a receipt: " + reply.body());
            Wire.Delivered delivered = (Wire.Delivered) reply.body();
            if (batchSize >= 0) {
                expect(delivered.fresh() + delivered.duplicates() == batchSize, "fresh + duplicates != batch size");
            }
            expect(after.positions(line) - before.positions(line) == delivered.fresh(),
                    "stored " + (after.positions(line) - before.positions(line)) + " entries, but the receipt says " + delivered.fresh());
            expect(after.withPositions(line, before.positions(line)).equals(before), "a delivery changed more than its line's entries");
            List<SignedEntry> chain = store.wholeChain(line, PEER_ID);
            Head head = ChainAudit.verify(line, PEER.verifyingKey(), chain);
            SignedReceipt receipt = SignedReceipt.parseBase64(delivered.receipt().bytes(), delivered.receipt().sig());
            receipt.verify(US.verifyingKey(), line, PEER_ID, head);
            expect(receipt.receipt().own().seq() == store.wholeChain(line, US_ID).size(), "receipt names another head of ours");
            expect(receiver.peerHeadSeq(record) == head.seq(), "the writer's head differs from the store's");
            List<SignedEntry> ours = store.wholeChain(line, US_ID);
            long lastSeen = 0;
            for (SignedEntry entry : chain) {
                Head seen = entry.entry().seen();
                expect(seen.isEmpty() || (seen.seq() <= ours.size() && ours.get((int) seen.seq() - 1).head().equals(seen)),
                        "stored " + entry + ", which has seen an entry of ours that we never wrote");
                expect(seen.seq() >= lastSeen, "stored " + entry + ", whose seen goes backwards");
                lastSeen = seen.seq();
            }
        } else {
            expect(Set.of(400, 403, 409, 413).contains(reply.status()), "unexpected status " + reply.status());
            expect(reply.body() instanceof Wire.Refusal, reply.status() + " without a refusal: " + reply.body());
            Wire.Refusal refusal = (Wire.Refusal) reply.body();
            expect(REFUSALS.contains(refusal.error()), "undocumented refusal " + refusal.error());
            expect(refusal.have() == peerHeadBefore && receiver.peerHeadSeq(record) == peerHeadBefore,
                    "a refusal moved the peer's head");
            if (refusal.error().equals("EQUIVOCATION")) {
                touched = true;
                expect(after.withEvidence(before).equals(before), "an equivocation stored more than evidence and a flag");
                expect(after.evidence() >= before.evidence() && after.evidence() > 0 && after.flagged(line),
                        "an equivocation kept no evidence or did not flag the line");
                expect(equivocations.get() == equivocationsBefore + 1, "an equivocation raised no alert");
            } else {
                expect(after.equals(before), "a refused batch changed the store: " + before + " -> " + after);
            }
        }
    }

    private static void resetIfTouched() throws SQLException {
        if (touched || !Snapshot.of().equals(Snapshot.BASELINE)) {
            reset();
        }
    }

    /** Puts the store back as {@link #open} left it, with a writer that has not seen anything since. */
    private static void reset() throws SQLException {
        long started = System.nanoTime();
        // The idle writer takes up to 200 ms to notice it should stop: let it, off the fuzzer's thread.
        TranscriptWriter old = writer;
        Thread.startVirtualThread(old::close);
        try (Statement sql = oracle.createStatement()) {
            oracle.setAutoCommit(false);
            for (LineId line : List.of(OPEN, CUT)) {
                sql.executeUpdate("DELETE FROM entries WHERE line_id = '" + line.value() + "' AND position > "
                        + FuzzWorld.history(line).size());
            }
            for (String table : List.of("evidence", "checkpoints", "receipts", "drafts")) {
                sql.executeUpdate("DELETE FROM " + table);
            }
            sql.executeUpdate("UPDATE lines SET flag = NULL");
            oracle.commit();
        } finally {
            oracle.setAutoCommit(true);
        }
        startWriter();
        touched = false;
        expect(Snapshot.of().equals(Snapshot.BASELINE), "reset did not restore the store");
        resets++;
        resetNanos += System.nanoTime() - started;
    }

    /** What a batch may change: the entries, evidence and flag of each line. */
    private record Snapshot(long openPositions, long cutPositions, int evidence, boolean openFlagged, boolean cutFlagged) {
        static final Snapshot BASELINE = new Snapshot(FuzzWorld.history(OPEN).size(), FuzzWorld.history(CUT).size(), 0, false, false);

        /** Read with plain SQL on a connection of its own, in one query: it runs twice for every request. */
        static Snapshot of() {
            try (ResultSet row = snapshotQuery.executeQuery()) {
                row.next();
                return new Snapshot(row.getLong(1), row.getLong(2), row.getInt(3), row.getBoolean(4), row.getBoolean(5));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        long positions(LineId line) {
            return line.equals(OPEN) ? openPositions : cutPositions;
        }

        boolean flagged(LineId line) {
            return line.equals(OPEN) ? openFlagged : cutFlagged;
        }

        Snapshot withPositions(LineId line, long positions) {
            return line.equals(OPEN)
                    ? new Snapshot(positions, cutPositions, evidence, openFlagged, cutFlagged)
                    : new Snapshot(openPositions, positions, evidence, openFlagged, cutFlagged);
        }

        /** This snapshot with the evidence count and the flags of {@code other}. */
        Snapshot withEvidence(Snapshot other) {
            return new Snapshot(openPositions, cutPositions, other.evidence, other.openFlagged, other.cutFlagged);
        }
    }
}
