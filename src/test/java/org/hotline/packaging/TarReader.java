package org.hotline.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a tar stream's entries (ustar with PAX long names), for checking what TarWriter and OciImage wrote. */
final class TarReader {
    /** One entry; {@code content} only for regular files of at most {@code keepUpTo} bytes, else empty. */
    record Entry(String name, char type, int mode, int uid, int gid, long size, String link, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private TarReader() {}

    static List<Entry> read(InputStream in, long keepUpTo) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String paxPath = null;
        String paxLink = null;
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512) {
                throw new IOException("truncated tar: a header of " + header.length + " bytes");
            }
            if (isZero(header)) {
                return entries;
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
            }
            if (sum != octal(header, 148, 8)) {
                throw new IOException("bad tar header checksum");
            }
            String name = string(header, 0, 100);
            String prefix = string(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            byte[] content = size <= keepUpTo || type == 'x' ? in.readNBytes((int) size) : new byte[0];
            if (content.length == 0 && size > 0) {
                in.skipNBytes(size);
            }
            long rest = size % 512;
            if (rest != 0) {
                in.skipNBytes(512 - rest);
            }
            if (type == 'x') {
                for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
                    String keyValue = record.substring(record.indexOf(' ') + 1);
                    if (keyValue.startsWith("path=")) {
                        paxPath = keyValue.substring(5);
                    } else if (keyValue.startsWith("linkpath=")) {
                        paxLink = keyValue.substring(9);
                    }
                }
                continue;
            }
            String link = string(header, 157, 100);
            entries.add(new Entry(paxPath != null ? paxPath : name, type, (int) octal(header, 100, 8),
                    (int) octal(header, 108, 8), (int) octal(header, 116, 8), size, paxLink != null ? paxLink : link, content));
            paxPath = null;
            paxLink = null;
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = string(header, offset, length).strip();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
}
