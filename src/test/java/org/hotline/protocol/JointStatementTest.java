package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.LINE;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.Statement.Quote;
import org.junit.jupiter.api.Test;

/** A joint statement: both principals over the same text hash; a forged co-signature, an edited text, a rotated-out key each refused. */
class JointStatementTest {
    private static final SigningKey SOUTH = ProtocolFixtures.key(10);
    private static final SigningKey NORTH = ProtocolFixtures.key(20);
    private static final SigningKey MOON = ProtocolFixtures.key(30);
    private static final SigningKey MOON_2 = ProtocolFixtures.key(35);
    private static final SigningKey KIM = ProtocolFixtures.key(40);
    private static final SealingPublicKey SEAL = SealingPublicKey.of(Hash.sha256(new byte[] {1}).bytes());
    private static final SealingPublicKey SEAL_2 = SealingPublicKey.of(Hash.sha256(new byte[] {2}).bytes());
    private static final Instant AT = Instant.parse("2018-04-27T09:00:00Z");
    private static final StatementDraft TEXT = new StatementDraft("Panmunjom Declaration", "en",
            "Both sides will open a joint liaison office and restore the lines.");

    private static SignedEntry entry(SigningKey author, long seq, Body body) throws ProtocolException {
        return SignedEntry.sign(new Entry(Entry.VERSION, LINE, author.verifyingKey().stationId(), seq,
                seq == 1 ? Optional.empty() : Optional.of(Hash.sha256(new byte[] {(byte) seq})), Head.EMPTY, AT.plusSeconds(seq), body), author);
    }

    private static Cosign cosign(SignedEntry draft, String principal, SigningKey key, Hash over) {
        return new Cosign(draft.hash(), over, principal, key.verifyingKey(), Base64.getEncoder().encodeToString(key.sign(over.bytes())));
    }

    private static JointStatement joint(SignedEntry draft, SignedEntry southCosign, SignedEntry northCosign, List<Quote> southHistory)
            throws ProtocolException {
        List<Quote> northHistory = List.of(Quote.of(entry(NORTH, 1, PrincipalKey.first("kim", KIM.verifyingKey(), SEAL_2)), NORTH.verifyingKey()));
        return new JointStatement(Quote.of(draft, SOUTH.verifyingKey()), List.of(
                new JointStatement.Party("Blue House", SOUTH.verifyingKey(), Quote.of(southCosign, SOUTH.verifyingKey()), southHistory),
                new JointStatement.Party("State Affairs Commission", NORTH.verifyingKey(), Quote.of(northCosign, NORTH.verifyingKey()),
                        northHistory)));
    }

    private static List<Quote> moonHistory() throws ProtocolException {
        return List.of(Quote.of(entry(SOUTH, 1, PrincipalKey.first("moon", MOON.verifyingKey(), SEAL)), SOUTH.verifyingKey()));
    }

    @Test
    void bothPrincipalsOverTheSameTextHashVerify() throws Exception {
        SignedEntry draft = entry(SOUTH, 3, TEXT);
        Hash hash = TEXT.textHash(LINE);
        JointStatement joint = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash)), entry(NORTH, 2, cosign(draft, "kim", KIM, hash)),
                moonHistory());
        JointStatement.Report report = joint.verify();
        assertThat(report.textHash()).isEqualTo(hash);
        assertThat(report.text()).isEqualTo(TEXT);
        assertThat(report.signers()).containsExactly("moon (Blue House, key generation 1)", "kim (State Affairs Commission, key generation 1)");
        assertThat(JointStatement.verifyDocument(joint.encode())).isEqualTo(report);
    }

    @Test
    void aForgedCoSignatureIsRefused() throws Exception {
        SignedEntry draft = entry(SOUTH, 3, TEXT);
        Hash hash = TEXT.textHash(LINE);
        // kim's name and key, but signed by moon's key: the station's codec refuses such an entry...
        Cosign forged = new Cosign(draft.hash(), hash, "kim", KIM.verifyingKey(), Base64.getEncoder().encodeToString(MOON.sign(hash.bytes())));
        assertThatThrownBy(() -> SignedEntry.parse(entry(NORTH, 2, forged).bytes(), entry(NORTH, 2, forged).signature()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_SIGNATURE))
                .hasMessageContaining("co-signature of kim does not verify");
        // ...and so does the offline check of a document carrying it.
        JointStatement joint = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash)), entry(NORTH, 2, forged), moonHistory());
        assertThatThrownBy(joint::verify).hasMessageContaining("co-signature of State Affairs Commission").hasMessageContaining("does not");
        // A co-signature over another text is named as such.
        Hash other = new StatementDraft("Panmunjom Declaration", "en", "Nothing was agreed.").textHash(LINE);
        JointStatement otherText = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash)), entry(NORTH, 2, cosign(draft, "kim", KIM, other)),
                moonHistory());
        assertThatThrownBy(otherText::verify).hasMessageContaining("kim of State Affairs Commission").hasMessageContaining("co-signed another text");
    }

    @Test
    void anEditedTextIsRefused() throws Exception {
        SignedEntry draft = entry(SOUTH, 3, TEXT);
        Hash hash = TEXT.textHash(LINE);
        JointStatement joint = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash)), entry(NORTH, 2, cosign(draft, "kim", KIM, hash)),
                moonHistory());
        String document = new String(joint.encode(), java.nio.charset.StandardCharsets.UTF_8);
        String edited = new String(draft.bytes(), java.nio.charset.StandardCharsets.UTF_8).replace("open a joint liaison office", "close every office");
        String tampered = document.replace(draft.bytesBase64(), Base64.getEncoder().encodeToString(edited.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> JointStatement.verifyDocument(tampered.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessageContaining("the draft").hasMessageContaining("edited");
    }

    @Test
    void aCoSignatureWithARotatedOutKeyIsRefused() throws Exception {
        SignedEntry draft = entry(SOUTH, 3, TEXT);
        Hash hash = TEXT.textHash(LINE);
        List<Quote> rotated = List.of(
                Quote.of(entry(SOUTH, 1, PrincipalKey.first("moon", MOON.verifyingKey(), SEAL)), SOUTH.verifyingKey()),
                Quote.of(entry(SOUTH, 2, PrincipalKey.rotate("moon", MOON, MOON_2.verifyingKey(), SEAL_2)), SOUTH.verifyingKey()));
        JointStatement stale = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash)), entry(NORTH, 2, cosign(draft, "kim", KIM, hash)),
                rotated);
        assertThatThrownBy(stale::verify).hasMessageContaining("co-signature of moon").hasMessageContaining("rotated out at #2");
        JointStatement fresh = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON_2, hash)), entry(NORTH, 2, cosign(draft, "kim", KIM, hash)),
                rotated);
        assertThat(fresh.verify().signers()).first().asString().contains("key generation 2");
    }
}
