package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A personal letter from one principal to another, sealed (HPKE, RFC 9180) to the recipient's
 * X25519 key. Everything here but {@code sealed} is the <em>envelope</em>, which stations,
 * operators and auditors see: who wrote to whom, when, the subject unless it is private, which
 * letter it answers, the language, the writer's signing key and the recipient key it is sealed
 * to. The envelope, bound to the line, is the HPKE associated data, so changing any of it makes
 * the letter fail to open; inside, the writer's Ed25519 signature covers the envelope and the text.
 */
public record Letter(String from, String to, Instant date, Optional<String> subject, Optional<Hash> replyTo, String lang,
        VerifyingKey signer, SealingPublicKey recipientKey, String enc, String sealed, Optional<Hash> keys) implements Body {
    public static final String TYPE = "letter";
    public static final int MAX_SEALED_BYTES = 40 * 1024;
    public static final int MAX_SUBJECT = 200;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final byte[] ENVELOPE_CONTEXT = "hotline letter envelope v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE_CONTEXT = "hotline letter signature v1\n".getBytes(StandardCharsets.US_ASCII);

    /** A letter as its writer makes it: {@code keys} is the carrying station's to add (see {@link #withKeys}). */
    public Letter(String from, String to, Instant date, Optional<String> subject, Optional<Hash> replyTo, String lang, VerifyingKey signer,
            SealingPublicKey recipientKey, String enc, String sealed) {
        this(from, to, date, subject, replyTo, lang, signer, recipientKey, enc, sealed, Optional.empty());
    }

    /**
     * The same letter with the carrying station's anchor: the hash of its latest {@code principal-key}
     * entry for the writer before the letter, so an exported envelope's key history must end there
     * (a rotation left out shows). Not part of the envelope: the writer does not sign it.
     */
    public Letter withKeys(Hash anchor) {
        return new Letter(from, to, date, subject, replyTo, lang, signer, recipientKey, enc, sealed, Optional.of(anchor));
    }

    public Letter {
        requireNonNull(keys, "keys is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(date, "date is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(replyTo, "replyTo is null");
        requireNonNull(lang, "lang is null");
        requireNonNull(signer, "signer is null");
        requireNonNull(recipientKey, "recipientKey is null");
        requireNonNull(enc, "enc is null");
        requireNonNull(sealed, "sealed is null");
        if (!NAME.matcher(from).matches() || !NAME.matcher(to).matches()) {
            throw new IllegalArgumentException("from and to are principals' names: 1-64 characters of a-z, 0-9, '.', '_', '-'");
        }
        if (!LANG.matcher(lang).matches()) {
            throw new IllegalArgumentException("lang is a language tag such as ko or en-GB");
        }
        if (subject.isPresent() && (subject.get().isBlank() || subject.get().length() > MAX_SUBJECT)) {
            throw new IllegalArgumentException("a subject is 1-" + MAX_SUBJECT + " characters");
        }
        date = date.truncatedTo(ChronoUnit.MILLIS);
        if (Base64.getDecoder().decode(enc).length != 32) {
            throw new IllegalArgumentException("enc is the 32-byte X25519 encapsulated key");
        }
        int sealedLength = Base64.getDecoder().decode(sealed).length;
        if (sealedLength < 16 || sealedLength > MAX_SEALED_BYTES) {
            throw new IllegalArgumentException("the sealed letter is 16-" + MAX_SEALED_BYTES + " bytes");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    public byte[] encBytes() {
        return Base64.getDecoder().decode(enc);
    }

    public byte[] sealedBytes() {
        return Base64.getDecoder().decode(sealed);
    }

    /** The same envelope with other sealed contents: what a writer fills in once it has sealed. */
    public Letter withSealed(byte[] encapsulation, byte[] ciphertext) {
        return new Letter(from, to, date, subject, replyTo, lang, signer, recipientKey, Base64.getEncoder().encodeToString(encapsulation),
                Base64.getEncoder().encodeToString(ciphertext));
    }

    /**
     * The envelope on {@code line} as bytes: the HPKE associated data, and part of what the writer
     * signs. Length-prefixed fields after a context string, so no two envelopes share bytes.
     */
    public byte[] envelope(LineId line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ENVELOPE_CONTEXT);
        field(out, line.value());
        field(out, from);
        field(out, to);
        field(out, date.toString());
        field(out, subject.map(s -> "+" + s).orElse("-"));
        field(out, replyTo.map(Hash::hex).orElse("-"));
        field(out, lang);
        field(out, signer.bytes());
        field(out, recipientKey.bytes());
        return out.toByteArray();
    }

    /** What the writer's Ed25519 key signs: the envelope on the line, the subject (also a private one) and the text. */
    public byte[] signedBytes(LineId line, String innerSubject, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE_CONTEXT);
        field(out, envelope(line));
        field(out, innerSubject);
        field(out, text);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String text) {
        field(out, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /** HPKE {@code info}: binds the key schedule to this protocol and version. */
    public static byte[] hpkeInfo() {
        return "hotline letter v1".getBytes(StandardCharsets.US_ASCII);
    }
}
