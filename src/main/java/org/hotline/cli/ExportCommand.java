package org.hotline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import org.hotline.StationFiles;
import org.hotline.crypto.SecretFiles;
import org.hotline.config.StationConfig;
import org.hotline.crypto.StationKeyFile;
import org.hotline.line.TranscriptExport;
import org.hotline.protocol.TranscriptBundle;
import org.hotline.store.JdbcStore;
import org.hotline.store.LineRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a line's transcript as one self-contained file (both chains, both keys, the latest receipt) that `hotline verify` checks offline.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Parameters(paramLabel = "LINE", description = "The line's name.")
    String line;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The bundle file to write (must not exist; made readable by you alone).")
    Path target;

    @Override
    public Integer call() throws Exception {
        byte[] encoded;
        try {
            // Through the running station's API, as any client; the bytes are written as the station sent them.
            encoded = station.client().getBytes("api/v1/lines/" + PathSegments.encode(line) + "/export");
        } catch (CliException.NotRunning notRunning) {
            station.goOffline(notRunning);
            encoded = offline();
        }
        TranscriptBundle bundle;
        try {
            bundle = TranscriptBundle.decode(encoded);
        } catch (org.hotline.protocol.ProtocolException | RuntimeException e) {
            throw new CliException("the station sent something that is not a transcript bundle: " + e.getMessage());
        }
        try {
            SecretFiles.create(target, encoded);
        } catch (IOException e) {
            throw new CliException("cannot write " + target + ": " + e.getMessage());
        }
        System.out.println("Exported line " + line + ": " + Formats.count(bundle.entries().size(), "entry", "entries") + ", "
                + Formats.count(bundle.receipts().size(), "receipt", "receipts") + ", to " + target);
        return 0;
    }

    private byte[] offline() throws Exception {
        StationConfig config = station.config();
        var key = StationKeyFile.read(StationFiles.keyFile(config.dataDir()));
        try (JdbcStore store = JdbcStore.open(config.storeUrl())) {
            LineRecord record = store.lineByName(line).orElseThrow(() -> new CliException("no line named '" + line + "'"));
            return TranscriptExport.bundle(store, config.name(), key, record).encode();
        }
    }
}
