package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotline.time.TimeText;
import org.hotline.protocol.Head;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.StationId;
import org.hotline.protocol.JointStatement;
import org.hotline.protocol.LetterEnvelope;
import org.hotline.protocol.Statement;
import org.hotline.protocol.TranscriptBundle;
import org.hotline.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a file offline, with nothing but the file; says valid, or exactly what is wrong.",
            "An exported transcript: keys, signatures, chains, cross links, heads, receipts.",
            "A statement (from /statements/ID or a feed.json item's _hotline): the station key, the principal's key history,",
            "that the signing key was not rotated out before the statement, every quoted entry, and the principal's signature.",
            "A joint statement: the draft, both co-signatures over its text hash, both key histories.",
            "A letter envelope (hotline letter export): the entry and that the writer's key was valid when it was written.",
            "A quoted entry (GET /api/v1/lines/LINE/quote): its signature and author."})
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
        if (LetterEnvelope.isEnvelope(bytes)) {
            try {
                LetterEnvelope.Report report = LetterEnvelope.decode(bytes).verify();
                var letter = report.letter();
                System.out.println("VALID: letter envelope, " + report.entry().entry().author().display() + " #" + report.entry().entry().seq());
                System.out.println("  from " + Printable.line(letter.from()) + " to " + Printable.line(letter.to()) + ", " + TimeText.exact(letter.date()) + ", "
                        + letter.subject().map(subject -> "subject \"" + Printable.line(subject) + "\"").orElse("private subject"));
                System.out.println("  signed with " + Printable.line(letter.from()) + "'s key generation " + report.keyGeneration()
                        + ", valid at that point; sealed to key " + letter.recipientKey().base64().substring(0, 8) + "... (the text stays sealed)");
                return 0;
            } catch (ProtocolException e) {
                System.out.println("INVALID (" + e.reason() + "): " + Printable.line(e.getMessage()));
                return 1;
            }
        }
        if (LetterEnvelope.isQuote(bytes)) {
            try {
                var entry = LetterEnvelope.verifyQuote(bytes);
                System.out.println("VALID: entry " + entry.entry().author().display() + " #" + entry.entry().seq() + " on line "
                        + entry.entry().line().value() + " (" + Printable.line(entry.entry().body().type()) + ", " + TimeText.exact(entry.entry().at()) + ")");
                System.out.println("  " + Printable.line(org.hotline.line.EntryDescriptions.describe(entry.entry().body())));
                return 0;
            } catch (ProtocolException e) {
                System.out.println("INVALID (" + e.reason() + "): " + Printable.line(e.getMessage()));
                return 1;
            }
        }
        if (JointStatement.isJointStatement(bytes)) {
            try {
                JointStatement.Report report = JointStatement.verifyDocument(bytes);
                System.out.println("VALID: joint statement " + report.textHash().hex() + " \"" + Printable.line(report.text().title()) + "\"");
                for (String signer : report.signers()) {
                    System.out.println("  co-signed by " + Printable.line(signer));
                }
                return 0;
            } catch (ProtocolException e) {
                System.out.println("INVALID (" + e.reason() + "): " + Printable.line(e.getMessage()));
                return 1;
            }
        }
        if (Statement.isStatement(bytes)) {
            try {
                Statement.Report report = Statement.verifyDocument(bytes);
                Statement statement = Statement.decode(bytes);
                System.out.println("VALID: statement " + report.id().hex() + " \"" + Printable.line(statement.title()) + "\"");
                System.out.println("  signed by " + Printable.line(report.principal()) + " of " + Printable.line(statement.stationName()) + " (" + statement.station().display()
                        + "), key generation " + report.keyGeneration() + ", on " + TimeText.exact(statement.published()));
                System.out.println("  " + report.quotes() + " quoted entr" + (report.quotes() == 1 ? "y" : "ies") + " verified");
                return 0;
            } catch (ProtocolException e) {
                System.out.println("INVALID (" + e.reason() + "): " + Printable.line(e.getMessage()));
                return 1;
            }
        }
        try {
            TranscriptBundle.Report report = TranscriptBundle.decode(bytes).verify();
            System.out.println("VALID: line " + report.line() + ", " + Formats.count(report.entries(), "entry", "entries") + ", "
                    + Formats.count(report.receipts(), "receipt", "receipts"));
            for (Map.Entry<StationId, Head> head : report.heads().entrySet()) {
                System.out.println("  " + head.getKey().display() + " chain verified to #" + head.getValue().seq());
            }
            // A name is in no signed entry: it is the exporter's word, for its own name and for the
            // name the other side proved when the line was opened.
            String exporterName = shown(report.names().get(report.exporter()));
            for (Map.Entry<StationId, String> name : report.names().entrySet()) {
                boolean own = name.getKey().equals(report.exporter());
                System.out.println("  " + name.getKey().display() + " is \"" + shown(name.getValue()) + "\": "
                        + (own ? "its own name, signed by it as the exporter"
                                : "the name it gave when the line was opened, as recorded and signed by the exporter \"" + exporterName + "\""));
            }
            return 0;
        } catch (ProtocolException e) {
            System.out.println("INVALID (" + e.reason() + "): " + Printable.line(e.getMessage()));
            return 1;
        }
    }

    /** A name from the file, as one line of visible characters: it is whoever wrote the file's choice. */
    private static String shown(String name) {
        return Printable.line(name);
    }
}
