package org.hotline.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the hotline command in this JVM with the given standard input, capturing what it prints. */
public final class CliRunner {
    private CliRunner() {}

    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public static synchronized Run typing(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            var commandLine = Main.commandLine();
            commandLine.setOut(new java.io.PrintWriter(System.out, true));
            commandLine.setErr(new java.io.PrintWriter(System.err, true));
            int exit = commandLine.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    /** Runs the CLI against a running station: its data folder and its API. */
    public static Run at(org.hotline.Station station, String stdin, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--data";
        all[args.length + 1] = station.config().dataDir().toString();
        all[args.length + 2] = "--api";
        all[args.length + 3] = station.apiUrl();
        return typing(stdin, all);
    }
}
