package org.hotline.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal POSIX (ustar) tar writer, enough for image layers and image archives: directories,
 * regular files and symbolic links, with the owner and mode given, every time stamp the same
 * (reproducible), and a PAX header for a name too long for ustar.
 */
final class TarWriter implements AutoCloseable {
    /** 1970-01-01T00:00:01Z: some tools read a zero time as "unset". */
    static final long MTIME = 1;

    private static final int BLOCK = 512;

    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void directory(String name, int mode, int uid, int gid) throws IOException {
        header(name.endsWith("/") ? name : name + "/", '5', mode, uid, gid, 0, "");
    }

    void file(String name, int mode, int uid, int gid, long size, InputStream content) throws IOException {
        header(name, '0', mode, uid, gid, size, "");
        long copied = content.transferTo(out);
        if (copied != size) {
            throw new IOException(name + " changed while it was written: " + copied + " bytes, not " + size);
        }
        pad(size);
    }

    void file(String name, int mode, byte[] content) throws IOException {
        header(name, '0', mode, 0, 0, content.length, "");
        out.write(content);
        pad(content.length);
    }

    void symlink(String name, String target, int uid, int gid) throws IOException {
        header(name, '2', 0777, uid, gid, 0, target);
    }

    private void header(String name, char type, int mode, int uid, int gid, long size, String link) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100 || linkBytes.length > 100) {
            // A PAX extended header carries the long name (or link target) for the entry after it.
            StringBuilder records = new StringBuilder();
            if (nameBytes.length > 100) {
                records.append(paxRecord("path", name));
            }
            if (linkBytes.length > 100) {
                records.append(paxRecord("linkpath", link));
            }
            byte[] pax = records.toString().getBytes(StandardCharsets.UTF_8);
            out.write(block("PaxHeaders/" + shorten(nameBytes), 'x', 0644, 0, 0, pax.length, ""));
            out.write(pax);
            pad(pax.length);
        }
        out.write(block(shorten(nameBytes), type, mode, uid, gid, size, shorten(linkBytes)));
    }

    private static String shorten(byte[] name) {
        return new String(Arrays.copyOf(name, Math.min(name.length, 90)), StandardCharsets.UTF_8).replace("\uFFFD", "_");
    }

    /** "LEN key=value\n", where LEN counts the whole record, itself included. */
    static String paxRecord(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = body + Integer.toString(body).length();
        if (Integer.toString(length).length() != Integer.toString(body).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    private static byte[] block(String name, char type, int mode, int uid, int gid, long size, String link) {
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(header, 100, 8, mode & 07777);
        octal(header, 108, 8, uid);
        octal(header, 116, 8, gid);
        octal(header, 124, 12, size);
        octal(header, 136, 12, MTIME);
        Arrays.fill(header, 148, 156, (byte) ' '); // the checksum counts its own field as spaces
        header[156] = (byte) type;
        put(header, 157, 100, link.getBytes(StandardCharsets.UTF_8));
        put(header, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(header, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(header, 265, 32, (uid == 0 ? "root" : "").getBytes(StandardCharsets.US_ASCII));
        put(header, 297, 32, (gid == 0 ? "root" : "").getBytes(StandardCharsets.US_ASCII));
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        return header;
    }

    private static void put(byte[] header, int offset, int length, byte[] value) {
        System.arraycopy(value, 0, header, offset, Math.min(length, value.length));
    }

    /** A zero-padded octal number, NUL-terminated, filling {@code length} bytes. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("too large for a tar header: " + value);
        }
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        put(header, offset, length - 1, padded.getBytes(StandardCharsets.US_ASCII));
        header[offset + length - 1] = 0;
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /** Ends the archive (two zero blocks); the stream stays open. */
    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }
}
