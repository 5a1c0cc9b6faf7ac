package org.hotline.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SignedReceipt;

/** The JSON bodies of the federation endpoint. Entries and receipts travel as base64 of their exact bytes. */
public final class Wire {
    public static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    /** The refusal code of a batch past the receiver's storage quota on the line; sent with Retry-After. */
    public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";

    private Wire() {}

    public record Signed(String bytes, String sig) {
        static Signed of(SignedEntry entry) {
            return new Signed(entry.bytesBase64(), entry.signatureBase64());
        }

        static Signed of(SignedReceipt receipt) {
            return new Signed(receipt.bytesBase64(), receipt.signatureBase64());
        }
    }

    public record Batch(List<Signed> entries) {
        public static Batch of(List<SignedEntry> entries) {
            return new Batch(entries.stream().map(Signed::of).toList());
        }

        public List<SignedEntry> parse() throws ProtocolException {
            if (entries == null || entries.isEmpty()) {
                throw new ProtocolException(ProtocolException.Reason.MALFORMED, "batch has no entries");
            }
            List<SignedEntry> parsed = new ArrayList<>(entries.size());
            for (Signed signed : entries) {
                if (signed == null || signed.bytes() == null || signed.sig() == null) {
                    throw new ProtocolException(ProtocolException.Reason.MALFORMED, "batch entry lacks bytes or sig");
                }
                parsed.add(SignedEntry.parseBase64(signed.bytes(), signed.sig()));
            }
            return parsed;
        }
    }

    public record Delivered(Signed receipt, int fresh, int duplicates) {}

    /** A refusal: the reason code, a sentence for people, and how much of the sender's chain we hold. */
    public record Refusal(String error, String reason, Long have) {}

    public record Hello(String station, String name) {}

    public record PairRequest(String line, String secret, String name, String address) {}

    public record PairResponse(String line, String name) {}

    /** How much of the caller's chain we hold ({@code have}) and how long our own chain is ({@code head}). */
    public record Heartbeat(String at, long have, long head) {}
}
