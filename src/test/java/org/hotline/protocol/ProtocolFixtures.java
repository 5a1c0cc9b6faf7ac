package org.hotline.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shared keys, lines and chain builders for the protocol tests. Not a test class itself. */
final class ProtocolFixtures {
    static final LineId LINE = new LineId("aaaaaaaaaaaaaaaaaaaaaaaaaa");
    static final LineId OTHER_LINE = new LineId("bbbbbbbbbbbbbbbbbbbbbbbbbb");
    static final Instant AT = Instant.parse("2021-07-27T01:00:00.250Z");

    private ProtocolFixtures() {}

    /** A key from a seed whose bytes are {@code first, first+1, ..., first+31}. */
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

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Signs an entry built by hand, so that tests can break any rule on purpose. */
    static SignedEntry signed(
            SigningKey key, LineId line, long seq, Optional<Hash> prev, Head seen, Body body) {
        Entry entry = new Entry(Entry.VERSION, line, key.verifyingKey().stationId(), seq, prev, seen, AT, body);
        try {
            return SignedEntry.sign(entry, key);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    /** One author's chain on a line, written with {@link EntryAuthor}. */
    static final class Chain {
        final SigningKey key;
        final LineId line;
        final List<SignedEntry> entries = new ArrayList<>();

        Chain(SigningKey key, LineId line) {
            this.key = key;
            this.line = line;
        }

        StationId id() {
            return key.verifyingKey().stationId();
        }

        Head head() {
            return entries.isEmpty() ? Head.EMPTY : entries.get(entries.size() - 1).head();
        }

        SignedEntry get(long seq) {
            return entries.get((int) (seq - 1));
        }

        /** Writes the next entry, having seen {@code peerHead} of the other author. */
        SignedEntry write(String text, Head peerHead) {
            try {
                SignedEntry entry = EntryAuthor.next(line, key, head(), peerHead, AT.plusSeconds(entries.size()), message(text));
                entries.add(entry);
                return entry;
            } catch (ProtocolException e) {
                throw new AssertionError(e);
            }
        }

        List<SignedEntry> writeMany(int count, Head peerHead) {
            List<SignedEntry> written = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                written.add(write("entry " + (entries.size() + 1), peerHead));
            }
            return written;
        }
    }

    /** RFC 4648 base32, upper case, without padding: written here independently of the code under test. */
    static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
