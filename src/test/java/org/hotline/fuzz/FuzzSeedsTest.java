package org.hotline.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.protocol.BatchVerdict;
import org.hotline.protocol.ChainRules;
import org.hotline.protocol.EntryCodec;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.ProtocolException.Reason;
import org.hotline.protocol.SignedEntry;
import org.junit.jupiter.api.Test;

/**
 * The committed seed corpus is what {@link FuzzSeeds} writes today, and each seed does what its
 * name says: when the entry format or the fixed world changes, the seeds must change with it, or
 * the fuzzers would start from nothing but refusals. Regenerate with
 * {@code ./run-tests -Dtest=FuzzSeedsTest -Dhotline.fuzz.writeSeeds=true}. Other files in the
 * input directories (inputs that once crashed a target) are left alone.
 */
class FuzzSeedsTest {
    @Test
    void committedSeedsAreCurrent() throws Exception {
        if (Boolean.getBoolean("hotline.fuzz.writeSeeds")) {
            FuzzSeeds.write();
        }
        for (Map.Entry<String, byte[]> seed : FuzzSeeds.all().entrySet()) {
            Path file = FuzzSeeds.RESOURCES.resolve(seed.getKey());
            assertThat(file).as("seed %s; regenerate with -Dhotline.fuzz.writeSeeds=true", seed.getKey()).exists();
            assertThat(Files.readAllBytes(file))
                    .as("seed %s is stale; regenerate with -Dhotline.fuzz.writeSeeds=true", seed.getKey())
                    .isEqualTo(seed.getValue());
        }
    }

    @Test
    void eachEntrySeedMeetsTheRuleItIsNamedFor() throws Exception {
        String prefix = FuzzSeeds.ENTRIES + "/";
        int checked = 0;
        for (Map.Entry<String, byte[]> seed : FuzzSeeds.all().entrySet()) {
            if (!seed.getKey().startsWith(prefix)) {
                continue;
            }
            String name = seed.getKey().substring(prefix.length());
            List<byte[]> pieces = FuzzWorld.split(seed.getValue(), FuzzWorld.SEPARATOR, Integer.MAX_VALUE);
            if (name.startsWith("malformed-")) {
                boolean refused = false;
                for (byte[] piece : pieces) {
                    try {
                        EntryCodec.decode(piece);
                    } catch (ProtocolException e) {
                        refused = true;
                    }
                }
                assertThat(refused).as(name).isTrue();
                checked++;
                continue;
            }
            List<SignedEntry> batch = new ArrayList<>();
            for (byte[] piece : pieces) {
                batch.add(SignedEntry.parse(piece, FuzzWorld.PEER.sign(piece)));
            }
            Reason expected = switch (name) {
                case "seq-gap" -> Reason.SEQ_GAP;
                case "bad-prev" -> Reason.BAD_PREV;
                case "seen-never-written", "seen-backwards" -> Reason.BAD_SEEN;
                case "wrong-line" -> Reason.WRONG_LINE;
                case "wrong-author" -> Reason.WRONG_AUTHOR;
                default -> null;
            };
            if (expected != null) {
                ProtocolException refused = catchThrowableOfType(ProtocolException.class,
                        () -> ChainRules.check(FuzzWorld.OPEN, FuzzWorld.PEER_ID, batch, FuzzWorld.view(FuzzWorld.OPEN), org.hotline.protocol.TimeBounds.ANY));
                assertThat(refused).as(name).isNotNull();
                assertThat(refused.reason()).as(name).isEqualTo(expected);
            } else {
                BatchVerdict verdict = ChainRules.check(FuzzWorld.OPEN, FuzzWorld.PEER_ID, batch, FuzzWorld.view(FuzzWorld.OPEN), org.hotline.protocol.TimeBounds.ANY);
                if (name.startsWith("equivocation")) {
                    assertThat(verdict).as(name).isInstanceOf(BatchVerdict.Equivocation.class);
                } else {
                    assertThat(verdict).as(name).isInstanceOf(BatchVerdict.Accepted.class);
                    BatchVerdict.Accepted accepted = (BatchVerdict.Accepted) verdict;
                    assertThat(accepted.fresh().isEmpty()).as(name + ": nothing new").isEqualTo(name.equals("replay"));
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }
}
