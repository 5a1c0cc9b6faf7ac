package org.hotline.crypto;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Letter;
import org.hotline.protocol.LetterContent;
import org.hotline.protocol.LineId;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SealingPublicKey;

/**
 * Writing and opening letters: sign, then seal. The writer signs the envelope, subject and text
 * with Ed25519, then seals subject (if private), text and signature with HPKE (RFC 9180, base
 * mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) to the recipient's X25519 key,
 * with the envelope as associated data. Only the holder of the recipient's private key opens it.
 */
public final class LetterSeal {
    private LetterSeal() {}

    private static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
    }

    /** What a writer says: to whom, about what, in reply to which letter, in which language, and the text. */
    public record Draft(String from, String to, Instant date, String subject, boolean privateSubject, Optional<Hash> replyTo, String lang,
            String text) {}

    public static Letter write(LineId line, Draft draft, PrincipalSecrets writer, SealingPublicKey recipient) {
        if (draft.text().isBlank()) {
            throw new IllegalArgumentException("the letter has no text");
        }
        Optional<String> publicSubject = draft.privateSubject() ? Optional.empty() : Optional.of(draft.subject());
        // Placeholder sealed contents: the envelope does not depend on them.
        Letter envelope = new Letter(draft.from(), draft.to(), draft.date(), publicSubject, draft.replyTo(), draft.lang(),
                writer.signingPublic(), recipient, Base64.getEncoder().encodeToString(new byte[32]),
                Base64.getEncoder().encodeToString(new byte[16]));
        byte[] signature = writer.signing().sign(envelope.signedBytes(line, draft.subject(), draft.text()));
        byte[] plaintext = new LetterContent(draft.privateSubject() ? Optional.of(draft.subject()) : Optional.empty(), draft.text(),
                Base64.getEncoder().encodeToString(signature)).encode();
        if (plaintext.length > LetterContent.MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("the letter is " + plaintext.length + " bytes; the limit is " + LetterContent.MAX_TEXT_BYTES);
        }
        HPKEContextWithEncapsulation context = hpke().setupBaseS(new X25519PublicKeyParameters(recipient.bytes(), 0), Letter.hpkeInfo());
        byte[] ciphertext;
        try {
            ciphertext = context.seal(envelope.envelope(line), plaintext);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("sealing failed", e);
        }
        return envelope.withSealed(context.getEncapsulation(), ciphertext);
    }

    /** What opening a letter gave: its subject and text, signature verified, or why it is refused. */
    public sealed interface Opening permits Opened, Refused {}

    public record Opened(String subject, String text) implements Opening {}

    public record Refused(String reason) implements Opening {}

    /**
     * Opens a letter with the recipient's keys and verifies the writer's signature. It does not judge
     * whether the signing key was the writer's at the time: that is the transcript's to say
     * ({@link org.hotline.protocol.PrincipalDirectory#keyAt}).
     */
    public static Opening open(LineId line, Letter letter, PrincipalSecrets recipient) {
        if (!letter.recipientKey().equals(recipient.sealingPublic())) {
            return new Refused("the letter is sealed to another key than this one (it is for " + letter.to() + ", key "
                    + letter.recipientKey().base64().substring(0, 8) + "...)");
        }
        byte[] plaintext;
        try {
            AsymmetricCipherKeyPair pair = new AsymmetricCipherKeyPair(recipient.sealing().generatePublicKey(), recipient.sealing());
            plaintext = hpke().setupBaseR(letter.encBytes(), pair, Letter.hpkeInfo()).open(letter.envelope(line), letter.sealedBytes());
        } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
            return new Refused("the sealed letter does not open: its envelope or its sealed bytes were changed after it was written");
        }
        LetterContent content;
        try {
            content = LetterContent.decode(plaintext);
        } catch (ProtocolException e) {
            return new Refused("the letter opens but its contents are malformed: " + e.getMessage());
        }
        if (letter.subject().isPresent() == content.subject().isPresent()) {
            return new Refused("the letter's subject is both public and private, or neither");
        }
        String subject = letter.subject().orElseGet(() -> content.subject().orElseThrow());
        byte[] signed = letter.signedBytes(line, subject, content.text());
        if (!letter.signer().verify(signed, Base64.getDecoder().decode(content.signature()))) {
            return new Refused("the writer's signature does not verify: the letter was not written by the key it names ("
                    + letter.signer().base64().substring(0, 8) + "...), or was changed");
        }
        return new Opened(subject, content.text());
    }
}
