package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import org.hotline.protocol.ProtocolException.Reason;

/** A receipt's exact bytes with its signer's signature, as sent and kept as evidence. */
public record SignedReceipt(byte[] bytes, byte[] signature, Receipt receipt) {
    public SignedReceipt {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(receipt, "receipt is null");
    }

    public static SignedReceipt sign(Receipt receipt, SigningKey key) {
        byte[] bytes = receipt.encode();
        return new SignedReceipt(bytes, key.sign(bytes), receipt);
    }

    public static SignedReceipt parse(byte[] bytes, byte[] signature) throws ProtocolException {
        return new SignedReceipt(bytes.clone(), signature.clone(), Receipt.decode(bytes));
    }

    public static SignedReceipt parseBase64(String bytes, String signature) throws ProtocolException {
        try {
            return parse(Base64.getDecoder().decode(bytes), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, "receipt is not valid base64");
        }
    }

    /**
     * Checks that this receipt is signed by {@code signer} and acknowledges exactly the entry we
     * sent as {@code expected} on {@code line} as author {@code author}.
     */
    public void verify(VerifyingKey signer, LineId line, StationId author, Head expected) throws ProtocolException {
        if (!signer.verify(bytes, signature)) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, "receipt signature does not verify");
        }
        if (!receipt.by().equals(signer.stationId())) {
            throw new ProtocolException(Reason.BAD_RECEIPT, "receipt claims to be by " + receipt.by().shortForm() + ", not the peer");
        }
        if (!receipt.line().equals(line) || !receipt.of().equals(author)) {
            throw new ProtocolException(Reason.BAD_RECEIPT, "receipt is for another line or author");
        }
        if (!receipt.head().equals(expected)) {
            throw new ProtocolException(Reason.BAD_RECEIPT, "receipt acknowledges " + receipt.head() + ", but we sent up to " + expected);
        }
    }

    public String bytesBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }
}
