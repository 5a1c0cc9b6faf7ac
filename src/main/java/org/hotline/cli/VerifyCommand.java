package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotline.protocol.Head;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.StationId;
import org.hotline.protocol.JointStatement;
import org.hotline.protocol.Statement;
import org.hotline.protocol.TranscriptBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a file offline, with nothing but the file; says valid, or exactly what is wrong.",
            "An exported transcript: keys, signatures, chains, cross links, heads, receipts.",
            "A statement (from /statements/ID or a feed.json item's _hotline): the station key, the principal's key history,",
            "that the signing key was not rotated out before the statement, every quoted entry, and the principal's signature."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A bundle written by `hotline export`, or a statement document.")
    Path file;

    @Override
    public Integer call() throws CliException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        if (JointStatement.isJointStatement(bytes)) {
            try {
                JointStatement.Report report = JointStatement.verifyDocument(bytes);
                System.out.println("VALID: joint statement " + report.textHash().hex() + " \"" + report.text().title() + "\"");
                for (String signer : report.signers()) {
                    System.out.println("  co-signed by " + signer);
                }
                return 0;
            } catch (ProtocolException e) {
                System.out.println("INVALID (" + e.reason() + "): " + e.getMessage());
                return 1;
            }
        }
        if (Statement.isStatement(bytes)) {
            try {
                Statement.Report report = Statement.verifyDocument(bytes);
                Statement statement = Statement.decode(bytes);
                System.out.println("VALID: statement " + report.id().hex() + " \"" + statement.title() + "\"");
                System.out.println("  signed by " + report.principal() + " of " + statement.stationName() + " (" + statement.station().display()
                        + "), key generation " + report.keyGeneration() + ", on " + statement.published());
                System.out.println("  " + report.quotes() + " quoted entr" + (report.quotes() == 1 ? "y" : "ies") + " verified");
                return 0;
            } catch (ProtocolException e) {
                System.out.println("INVALID (" + e.reason() + "): " + e.getMessage());
                return 1;
            }
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
