package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Base64;

/**
 * An entry as it travels and is stored: the author's exact bytes and the Ed25519 signature over
 * them. The bytes are never re-serialised; the hash is SHA-256 of these bytes.
 */
public record SignedEntry(byte[] bytes, byte[] signature, Entry entry, Hash hash) {
    public SignedEntry {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(entry, "entry is null");
        requireNonNull(hash, "hash is null");
    }

    /** Serialises the entry once and signs those bytes. */
    public static SignedEntry sign(Entry entry, SigningKey key) throws ProtocolException {
        byte[] bytes = EntryCodec.encode(entry);
        return new SignedEntry(bytes, key.sign(bytes), entry, Hash.sha256(bytes));
    }

    /** Parses bytes received or loaded; does not check the signature. */
    public static SignedEntry parse(byte[] bytes, byte[] signature) throws ProtocolException {
        Entry entry = EntryCodec.decode(bytes);
        return new SignedEntry(bytes.clone(), signature.clone(), entry, Hash.sha256(bytes));
    }

    /** Parses the wire form, base64 of the bytes and of the signature. */
    public static SignedEntry parseBase64(String bytes, String signature) throws ProtocolException {
        try {
            return parse(Base64.getDecoder().decode(bytes), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED, "entry is not valid base64: " + e.getMessage());
        }
    }

    public void verifySignature(VerifyingKey key) throws ProtocolException {
        if (!key.verify(bytes, signature)) {
            throw new ProtocolException(
                    ProtocolException.Reason.BAD_SIGNATURE,
                    "signature of entry " + entry.author().shortForm() + "#" + entry.seq() + " does not verify");
        }
    }

    public Head head() {
        return entry.headWith(hash);
    }

    public String bytesBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedEntry that
                && hash.equals(that.hash)
                && java.security.MessageDigest.isEqual(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "SignedEntry[" + entry.author().shortForm() + "#" + entry.seq() + " " + entry.body().type() + " " + hash.hex().substring(0, 12) + "]";
    }
}
