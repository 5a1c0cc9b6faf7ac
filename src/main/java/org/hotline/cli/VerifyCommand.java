package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotline.protocol.Head;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.StationId;
import org.hotline.protocol.TranscriptBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check an exported transcript offline, with nothing but the file: keys, signatures, chains, cross links, heads, receipts. Says valid, or exactly what is wrong.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A bundle written by `hotline export`.")
    Path file;

    @Override
    public Integer call() throws CliException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            TranscriptBundle.Report report = TranscriptBundle.decode(bytes).verify();
            System.out.println("VALID: line " + report.line() + ", " + report.entries() + " entries, " + report.receipts() + " receipts");
            for (Map.Entry<StationId, Head> head : report.heads().entrySet()) {
                System.out.println("  " + head.getKey().display() + " chain verified to #" + head.getValue().seq());
            }
            return 0;
        } catch (ProtocolException e) {
            System.out.println("INVALID (" + e.reason() + "): " + e.getMessage());
            return 1;
        }
    }
}
