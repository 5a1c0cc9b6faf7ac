package org.hotline.fuzz;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.Body;
import org.hotline.protocol.ChainView;
import org.hotline.protocol.Entry;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Head;
import org.hotline.protocol.LineId;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;
import org.hotline.protocol.Suspend;

/**
 * The fixed world every fuzz target runs in, so that the committed seed corpus stays valid: our
 * station A, the peer B (keys from fixed seeds; Ed25519 signatures are deterministic), and two
 * lines with a short history each.
 *
 * <ul>
 *   <li>{@link #OPEN}: A#1, B#1, A#2, B#2, A#3, B#3 (B#3 has seen A#2, not yet A#3). B's next
 *       entry is #4, with prev B#3 and seen A#3.
 *   <li>{@link #CUT}: A#1, B#1, then A#2, an announced suspension: we cut the line, so B's
 *       entries are refused unless they move to restore it.
 * </ul>
 *
 * <p>Fuzz inputs that stand for a batch are entries separated by a NUL byte, which valid JSON
 * never contains (nor 0x01, which separates requests); the targets sign each piece with B's key
 * where a real peer would.
 */
final class FuzzWorld {
    static final SigningKey US = key(1);
    static final SigningKey PEER = key(101);
    static final StationId US_ID = US.verifyingKey().stationId();
    static final StationId PEER_ID = PEER.verifyingKey().stationId();
    static final LineId OPEN = new LineId("openopenopenopenopenopenaa");
    static final LineId CUT = new LineId("cutcutcutcutcutcutcutcutaa");
    static final Instant START = Instant.parse("2021-07-27T01:00:00Z");
    static final byte SEPARATOR = 0;
    /** Between the requests of one input to the federation target. */
    static final byte REQUEST_SEPARATOR = 1;

    private static final List<SignedEntry> OPEN_HISTORY;
    private static final List<SignedEntry> CUT_HISTORY;

    static {
        List<SignedEntry> open = new ArrayList<>();
        SignedEntry a1 = write(open, US, OPEN, Head.EMPTY, Head.EMPTY, message("A one"));
        SignedEntry b1 = write(open, PEER, OPEN, Head.EMPTY, a1.head(), message("B one"));
        SignedEntry a2 = write(open, US, OPEN, a1.head(), b1.head(), message("A two"));
        SignedEntry b2 = write(open, PEER, OPEN, b1.head(), a2.head(), message("B two"));
        write(open, US, OPEN, a2.head(), b2.head(), message("A three"));
        write(open, PEER, OPEN, b2.head(), a2.head(), message("B three"));
        OPEN_HISTORY = List.copyOf(open);

        List<SignedEntry> cut = new ArrayList<>();
        SignedEntry c1 = write(cut, US, CUT, Head.EMPTY, Head.EMPTY, message("A one"));
        SignedEntry d1 = write(cut, PEER, CUT, Head.EMPTY, c1.head(), message("B one"));
        write(cut, US, CUT, c1.head(), d1.head(), new Suspend(true, "cut by A"));
        CUT_HISTORY = List.copyOf(cut);
    }

    private FuzzWorld() {}

    static SigningKey key(int first) {
        byte[] seed = new byte[SigningKey.SEED_LENGTH];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (first + i);
        }
        return SigningKey.fromSeed(seed);
    }

    static Message message(String text) {
        return new Message(text, Priority.ROUTINE, "en");
    }

    private static SignedEntry write(List<SignedEntry> history, SigningKey author, LineId line, Head prev, Head seen, Body body) {
        SignedEntry entry = sign(author, line, prev.seq() + 1, prev.hash(), seen, START.plusSeconds(history.size()), body);
        history.add(entry);
        return entry;
    }

    static SignedEntry sign(SigningKey author, LineId line, long seq, Optional<Hash> prev, Head seen, Instant at, Body body) {
        Entry entry = new Entry(Entry.VERSION, line, author.verifyingKey().stationId(), seq, prev, seen, at, body);
        try {
            return SignedEntry.sign(entry, author);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    /** Both authors' entries on the line, in transcript order. */
    static List<SignedEntry> history(LineId line) {
        return line.equals(OPEN) ? OPEN_HISTORY : CUT_HISTORY;
    }

    static List<SignedEntry> chain(LineId line, StationId author) {
        return history(line).stream().filter(entry -> entry.entry().author().equals(author)).toList();
    }

    static Head head(LineId line, StationId author) {
        List<SignedEntry> chain = chain(line, author);
        return chain.isEmpty() ? Head.EMPTY : chain.getLast().head();
    }

    /** B's entry after {@code previous} (its head if null), having seen our head on the line. */
    static SignedEntry peerNext(LineId line, SignedEntry previous, Body body) {
        Head prev = previous == null ? head(line, PEER_ID) : previous.head();
        return sign(PEER, line, prev.seq() + 1, prev.hash(), head(line, US_ID), START.plusSeconds(100 + prev.seq()), body);
    }

    /** What the receiving station (A) knows of the line before the batch: its history above. */
    static ChainView view(LineId line) {
        return new ChainView() {
            @Override
            public Head peerHead() {
                return head(line, PEER_ID);
            }

            @Override
            public Head peerHeadSeen() {
                List<SignedEntry> chain = chain(line, PEER_ID);
                return chain.isEmpty() ? Head.EMPTY : chain.getLast().entry().seen();
            }

            @Override
            public Optional<java.time.Instant> peerHeadAt() {
                List<SignedEntry> chain = chain(line, PEER_ID);
                return chain.isEmpty() ? Optional.empty() : Optional.of(chain.getLast().entry().at());
            }

            @Override
            public Optional<Hash> peerEntryHash(long seq) {
                return hashOf(chain(line, PEER_ID), seq);
            }

            @Override
            public Head ownHead() {
                return head(line, US_ID);
            }

            @Override
            public Optional<Hash> ownEntryHash(long seq) {
                return hashOf(chain(line, US_ID), seq);
            }
        };
    }

    private static Optional<Hash> hashOf(List<SignedEntry> chain, long seq) {
        return seq >= 1 && seq <= chain.size() ? Optional.of(chain.get((int) (seq - 1)).hash()) : Optional.empty();
    }

    /** The pieces of an input: split at {@code separator}, at most {@code limit} of them (the rest stays in the last). */
    static List<byte[]> split(byte[] data, byte separator, int limit) {
        List<byte[]> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length && pieces.size() < limit - 1; i++) {
            if (data[i] == separator) {
                pieces.add(Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        pieces.add(Arrays.copyOfRange(data, start, data.length));
        return pieces;
    }

    static byte[] join(byte separator, List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                out.write(separator);
            }
            out.writeBytes(pieces.get(i));
        }
        return out.toByteArray();
    }

    static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
