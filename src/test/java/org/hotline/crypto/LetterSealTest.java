package org.hotline.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.Entry;
import org.hotline.protocol.EntryCodec;
import org.hotline.protocol.Hash;
import org.hotline.protocol.Head;
import org.hotline.protocol.Letter;
import org.hotline.protocol.LetterRead;
import org.hotline.protocol.LineId;
import org.hotline.protocol.PrincipalDirectory;
import org.hotline.protocol.PrincipalKey;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.SigningKey;
import org.junit.jupiter.api.Test;

/** Sign, then seal: only the addressed principal opens a letter, and any change to it is caught with a reason. */
class LetterSealTest {
    private static final LineId LINE = new LineId("aaaaaaaaaaaaaaaaaaaaaaaaaa");
    private static final Instant DATE = Instant.parse("2021-07-27T01:00:00.123Z");
    private static final String TEXT = "남북 정상 간 친서 교환 — let us restore the liaison line.";

    private final SecureRandom random = new SecureRandom();
    private final PrincipalSecrets moon = PrincipalSecrets.generate(random);
    private final PrincipalSecrets kim = PrincipalSecrets.generate(random);

    private Letter write(boolean privateSubject) {
        return LetterSeal.write(LINE, new LetterSeal.Draft("moon", "kim", DATE, "Restoring the lines", privateSubject, Optional.empty(), "ko",
                TEXT), moon, kim.sealingPublic());
    }

    @Test
    void theAddressedPrincipalOpensAndVerifies() {
        Letter letter = write(false);
        assertThat(LetterSeal.open(LINE, letter, kim)).isEqualTo(new LetterSeal.Opened("Restoring the lines", TEXT));
        assertThat(letter.subject()).contains("Restoring the lines");
        assertThat(letter.signer()).isEqualTo(moon.signingPublic());
    }

    @Test
    void nobodyElseOpensIt() {
        Letter letter = write(false);
        // The writer, and a station holding some other key, cannot open what is sealed to kim.
        assertThat(LetterSeal.open(LINE, letter, moon)).isInstanceOfSatisfying(LetterSeal.Refused.class,
                refused -> assertThat(refused.reason()).contains("sealed to another key"));
        PrincipalSecrets impostor = PrincipalSecrets.generate(random);
        assertThat(LetterSeal.open(LINE, letter, impostor)).isInstanceOf(LetterSeal.Refused.class);
        // Even claiming kim's public key does not help without kim's private key.
        Letter pointedAtImpostor = new Letter(letter.from(), letter.to(), letter.date(), letter.subject(), letter.replyTo(), letter.lang(),
                letter.signer(), impostor.sealingPublic(), letter.enc(), letter.sealed());
        assertThat(LetterSeal.open(LINE, pointedAtImpostor, impostor)).isInstanceOfSatisfying(LetterSeal.Refused.class,
                refused -> assertThat(refused.reason()).contains("does not open"));
    }

    @Test
    void whatStationsCarryShowsNeitherTextNorAPrivateSubject() throws Exception {
        Letter letter = write(true);
        assertThat(letter.subject()).isEmpty();
        byte[] bytes = EntryCodec.encodeBody(letter);
        String carried = new String(bytes, StandardCharsets.UTF_8);
        assertThat(carried).doesNotContain("Restoring").doesNotContain("liaison line").doesNotContain("남북").contains("\"from\":\"moon\"");
        assertThat(EntryCodec.decodeBody(Letter.TYPE, bytes)).isEqualTo(letter);
        assertThat(LetterSeal.open(LINE, letter, kim)).isEqualTo(new LetterSeal.Opened("Restoring the lines", TEXT));
    }

    @Test
    void everySingleChangedByteOfTheSealedLetterIsRejectedWithAReason() {
        Letter letter = write(false);
        byte[] sealed = letter.sealedBytes();
        for (int i = 0; i < sealed.length; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 0x01;
            Letter tampered = letter.withSealed(letter.encBytes(), changed);
            assertThat(LetterSeal.open(LINE, tampered, kim)).as("byte %d", i).isInstanceOfSatisfying(LetterSeal.Refused.class,
                    refused -> assertThat(refused.reason()).contains("changed after it was written"));
        }
        byte[] enc = letter.encBytes();
        enc[5] ^= 0x01;
        assertThat(LetterSeal.open(LINE, letter.withSealed(enc, sealed), kim)).isInstanceOf(LetterSeal.Refused.class);
    }

    @Test
    void aChangedEnvelopeOrAnotherLineIsRejected() {
        Letter letter = write(false);
        List<Letter> changed = List.of(
                new Letter("moon", "kim", letter.date(), Optional.of("Restoring the line"), letter.replyTo(), letter.lang(), letter.signer(),
                        letter.recipientKey(), letter.enc(), letter.sealed()),
                new Letter("moon", "kim", letter.date().plusSeconds(1), letter.subject(), letter.replyTo(), letter.lang(), letter.signer(),
                        letter.recipientKey(), letter.enc(), letter.sealed()),
                new Letter("moon", "kim", letter.date(), letter.subject(), Optional.of(Hash.sha256(new byte[1])), letter.lang(), letter.signer(),
                        letter.recipientKey(), letter.enc(), letter.sealed()),
                new Letter("chung", "kim", letter.date(), letter.subject(), letter.replyTo(), letter.lang(), letter.signer(),
                        letter.recipientKey(), letter.enc(), letter.sealed()),
                new Letter("moon", "kim", letter.date(), letter.subject(), letter.replyTo(), "en", letter.signer(),
                        letter.recipientKey(), letter.enc(), letter.sealed()));
        for (Letter tampered : changed) {
            assertThat(LetterSeal.open(LINE, tampered, kim)).as("%s", tampered).isInstanceOfSatisfying(LetterSeal.Refused.class,
                    refused -> assertThat(refused.reason()).contains("envelope"));
        }
        // The same letter replayed onto another line does not open there.
        assertThat(LetterSeal.open(new LineId("bbbbbbbbbbbbbbbbbbbbbbbbbb"), letter, kim)).isInstanceOf(LetterSeal.Refused.class);
    }

    @Test
    void aLetterNamingOneSignerButSignedByAnotherIsRejected() {
        // A forger seals a letter to kim claiming moon's key in the envelope but signing with its own.
        PrincipalSecrets forger = PrincipalSecrets.generate(random);
        Letter forged = LetterSeal.write(LINE, new LetterSeal.Draft("moon", "kim", DATE, "Forged", false, Optional.empty(), "en", "Cut the line."),
                forger, kim.sealingPublic());
        Letter claimingMoon = new Letter(forged.from(), forged.to(), forged.date(), forged.subject(), forged.replyTo(), forged.lang(),
                moon.signingPublic(), forged.recipientKey(), forged.enc(), forged.sealed());
        // The envelope is the associated data, so swapping the signer alone already fails to open...
        assertThat(LetterSeal.open(LINE, claimingMoon, kim)).isInstanceOf(LetterSeal.Refused.class);
        // ...and a forger who seals with moon's key in the envelope from the start cannot make moon's signature.
        Letter sealedAsMoon = sealWithForeignSignature(forger);
        assertThat(LetterSeal.open(LINE, sealedAsMoon, kim)).isInstanceOfSatisfying(LetterSeal.Refused.class,
                refused -> assertThat(refused.reason()).contains("signature does not verify"));
    }

    /** A letter whose envelope names moon's key, sealed properly to kim, but signed by the forger. */
    private Letter sealWithForeignSignature(PrincipalSecrets forger) {
        Letter envelope = new Letter("moon", "kim", DATE, Optional.of("Forged"), Optional.empty(), "en", moon.signingPublic(), kim.sealingPublic(),
                Base64.getEncoder().encodeToString(new byte[32]), Base64.getEncoder().encodeToString(new byte[16]));
        byte[] signature = forger.signing().sign(envelope.signedBytes(LINE, "Forged", "Cut the line."));
        byte[] plaintext = new org.hotline.protocol.LetterContent(Optional.empty(), "Cut the line.", Base64.getEncoder().encodeToString(signature))
                .encode();
        var context = new org.bouncycastle.crypto.hpke.HPKE(org.bouncycastle.crypto.hpke.HPKE.mode_base,
                org.bouncycastle.crypto.hpke.HPKE.kem_X25519_SHA256, org.bouncycastle.crypto.hpke.HPKE.kdf_HKDF_SHA256,
                org.bouncycastle.crypto.hpke.HPKE.aead_CHACHA20_POLY1305)
                .setupBaseS(new org.bouncycastle.crypto.params.X25519PublicKeyParameters(kim.sealingPublic().bytes(), 0), Letter.hpkeInfo());
        try {
            return envelope.withSealed(context.getEncapsulation(), context.seal(envelope.envelope(LINE), plaintext));
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLetterSignedWithARotatedOutKeyIsRejectedByTheTranscript() throws Exception {
        SigningKey station = SigningKey.generate(random);
        PrincipalSecrets next = PrincipalSecrets.generate(random);
        Letter before = write(false);
        Letter afterWithOldKey = write(false);
        List<Entry> chain = List.of(
                entry(station, 1, PrincipalKey.first("moon", moon.signingPublic(), moon.sealingPublic())),
                entry(station, 2, before),
                entry(station, 3, PrincipalKey.rotate("moon", moon.signing(), next.signingPublic(), next.sealingPublic())),
                entry(station, 4, afterWithOldKey));
        PrincipalDirectory directory = PrincipalDirectory.fold(chain);
        // Both open and both signatures verify; only the transcript tells that the second key was no longer moon's.
        assertThat(LetterSeal.open(LINE, afterWithOldKey, kim)).isInstanceOf(LetterSeal.Opened.class);
        assertThat(directory.keyAt("moon", before.signer(), 2)).isInstanceOf(PrincipalDirectory.Valid.class);
        assertThat(directory.keyAt("moon", afterWithOldKey.signer(), 4)).isInstanceOfSatisfying(PrincipalDirectory.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("rotated out at #3"));
    }

    @Test
    void anEnvelopeUnderARotatedOutKeyFailsOfflineAndOneBeforeTheRotationPasses() throws Exception {
        SigningKey station = SigningKey.generate(random);
        PrincipalSecrets next = PrincipalSecrets.generate(random);
        List<org.hotline.protocol.Statement.Quote> history = List.of(
                quote(station, 1, PrincipalKey.first("moon", moon.signingPublic(), moon.sealingPublic())),
                quote(station, 3, PrincipalKey.rotate("moon", moon.signing(), next.signingPublic(), next.sealingPublic())));
        org.hotline.protocol.LetterEnvelope before = new org.hotline.protocol.LetterEnvelope(quote(station, 2,
                write(false).withKeys(history.get(0).hash())), history);
        assertThat(before.verify().keyGeneration()).isEqualTo(1);
        org.hotline.protocol.LetterEnvelope after = new org.hotline.protocol.LetterEnvelope(quote(station, 4,
                write(false).withKeys(history.get(1).hash())), history);
        assertThatThrownBy(after::verify).isInstanceOf(ProtocolException.class).hasMessageContaining("rotated out at #3");
        assertThat(org.hotline.protocol.LetterEnvelope.decode(before.encode()).verify().keyGeneration()).isEqualTo(1);
    }

    private static org.hotline.protocol.Statement.Quote quote(SigningKey station, long seq, org.hotline.protocol.Body body) throws ProtocolException {
        Entry entry = new Entry(Entry.VERSION, LINE, station.verifyingKey().stationId(), seq,
                seq == 1 ? Optional.empty() : Optional.of(Hash.sha256(new byte[] {(byte) seq})), Head.EMPTY, DATE, body);
        return org.hotline.protocol.Statement.Quote.of(SignedEntry.sign(entry, station), station.verifyingKey());
    }

    private static Entry entry(SigningKey station, long seq, org.hotline.protocol.Body body) throws ProtocolException {
        Entry entry = new Entry(Entry.VERSION, LINE, station.verifyingKey().stationId(), seq,
                seq == 1 ? Optional.empty() : Optional.of(Hash.sha256(new byte[] {(byte) seq})), Head.EMPTY, DATE, body);
        return SignedEntry.sign(entry, station).entry();
    }

    @Test
    void aReadReceiptIsSignedByTheReaderAndParsedStrictly() throws Exception {
        Hash letter = Hash.sha256("letter".getBytes(StandardCharsets.UTF_8));
        LetterRead read = LetterRead.sign(letter, "kim", kim.signing());
        byte[] bytes = EntryCodec.encodeBody(read);
        assertThat(EntryCodec.decodeBody(LetterRead.TYPE, bytes)).isEqualTo(read);
        String other = new String(bytes, StandardCharsets.UTF_8).replace(letter.hex(), Hash.sha256(new byte[0]).hex());
        assertThatThrownBy(() -> EntryCodec.decodeBody(LetterRead.TYPE, other.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_SIGNATURE));
        assertThatThrownBy(() -> new LetterRead(letter, "moon", kim.signingPublic(), read.signature())).hasMessageContaining("not signed");
    }

    @Test
    void lettersAreParsedStrictly() {
        Letter letter = write(false);
        String json = new String(EntryCodec.encodeBody(letter), StandardCharsets.UTF_8);
        for (String bad : List.of(json.replace("}", ",\"cc\":\"chung\"}"), json.replace("\"lang\":\"ko\"", "\"lang\":\"k o\""),
                json.replace("\"to\":\"kim\"", "\"to\":\"Kim Jong-un\""), json.replace("\"enc\":\"", "\"enc\":\"AAAA"))) {
            assertThatThrownBy(() -> EntryCodec.decodeBody(Letter.TYPE, bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(ProtocolException.class);
        }
    }
}
