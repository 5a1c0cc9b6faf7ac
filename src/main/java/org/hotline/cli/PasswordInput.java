package org.hotline.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Passwords and passphrases: typed at a prompt without echo, or read from standard input
 * ({@code --password-stdin}, one line), never from the command line, where {@code ps} and the
 * shell's history would show them.
 */
final class PasswordInput {
    private PasswordInput() {}

    static final String PASSWORD_STDIN = "--password-stdin";
    static final String PASSPHRASE_STDIN = "--passphrase-stdin";

    /**
     * Reads a secret. With {@code confirm}, a prompt asks twice and the two must agree. {@code stdinOption}
     * is the command's own option for standard input, named when there is no terminal to ask on.
     */
    static char[] read(boolean fromStdin, String prompt, boolean confirm, String stdinOption) throws CliException {
        if (fromStdin) {
            return firstLineOfStdin();
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException("no terminal to ask for the " + prompt + " on; pipe it in with " + stdinOption);
        }
        char[] first = console.readPassword("%s: ", prompt);
        if (first == null) {
            throw new CliException("no " + prompt + " given");
        }
        if (confirm) {
            char[] second = console.readPassword("%s again: ", prompt);
            boolean same = second != null && java.security.MessageDigest.isEqual(utf8(first), utf8(second));
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new CliException("the two entries differ; nothing was changed");
            }
        }
        return first;
    }

    private static char[] firstLineOfStdin() throws CliException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = System.in.read()) != -1 && b != '\n') {
                if (line.size() > 4096) {
                    throw new CliException("the password on standard input is too long");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new CliException("cannot read standard input: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] out = new char[chars.remaining()];
        chars.get(out);
        Arrays.fill(bytes, (byte) 0);
        if (chars.hasArray()) {
            Arrays.fill(chars.array(), '\0');
        }
        if (out.length == 0) {
            throw new CliException("no password on standard input");
        }
        return out;
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
