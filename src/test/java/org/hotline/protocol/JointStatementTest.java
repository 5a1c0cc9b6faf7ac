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

    private static Cosign cosign(SignedEntry draft, String principal, SigningKey key, Hash over, Hash keys) {
        return new Cosign(draft.hash(), over, principal, key.verifyingKey(), Base64.getEncoder().encodeToString(key.sign(over.bytes())),
                Optional.of(keys));
    }

    /** The stations' latest key entry for each principal, as they name it in their cosign entries. */
    private static Hash moonKeys() throws ProtocolException {
        return moonHistory().getLast().hash();
    }

    private static Hash kimKeys() throws ProtocolException {
        return kimHistory().getFirst().hash();
    }

    private static List<Quote> kimHistory() throws ProtocolException {
        return List.of(Quote.of(entry(NORTH, 1, PrincipalKey.first("kim", KIM.verifyingKey(), SEAL_2)), NORTH.verifyingKey()));
    }

    private static JointStatement joint(SignedEntry draft, SignedEntry southCosign, SignedEntry northCosign, List<Quote> southHistory)
            throws ProtocolException {
        List<Quote> northHistory = kimHistory();
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
        JointStatement joint = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash, moonKeys())), entry(NORTH, 2, cosign(draft, "kim", KIM, hash, kimKeys())),
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
        JointStatement joint = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash, moonKeys())), entry(NORTH, 2, forged), moonHistory());
        assertThatThrownBy(joint::verify).hasMessageContaining("co-signature of State Affairs Commission").hasMessageContaining("does not");
        // A co-signature over another text is named as such.
        Hash other = new StatementDraft("Panmunjom Declaration", "en", "Nothing was agreed.").textHash(LINE);
        JointStatement otherText = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash, moonKeys())), entry(NORTH, 2, cosign(draft, "kim", KIM, other, kimKeys())),
                moonHistory());
        assertThatThrownBy(otherText::verify).hasMessageContaining("kim of State Affairs Commission").hasMessageContaining("co-signed another text");
    }

    @Test
    void anEditedTextIsRefused() throws Exception {
        SignedEntry draft = entry(SOUTH, 3, TEXT);
        Hash hash = TEXT.textHash(LINE);
        JointStatement joint = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash, moonKeys())), entry(NORTH, 2, cosign(draft, "kim", KIM, hash, kimKeys())),
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
        JointStatement stale = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON, hash, rotated.getLast().hash())), entry(NORTH, 2, cosign(draft, "kim", KIM, hash, kimKeys())),
                rotated);
        assertThatThrownBy(stale::verify).hasMessageContaining("co-signature of moon").hasMessageContaining("rotated out at #2");
        JointStatement fresh = joint(draft, entry(SOUTH, 4, cosign(draft, "moon", MOON_2, hash, rotated.getLast().hash())), entry(NORTH, 2, cosign(draft, "kim", KIM, hash, kimKeys())),
                rotated);
        assertThat(fresh.verify().signers()).first().asString().contains("key generation 2");
    }

    @Test
    void aRotationLeftOutOfAPartysKeyHistoryIsRefused() throws Exception {
        SignedEntry draft = entry(SOUTH, 5, TEXT);
        Hash hash = TEXT.textHash(LINE);
        SignedEntry first = entry(SOUTH, 1, PrincipalKey.first("moon", MOON.verifyingKey(), SEAL));
        SignedEntry second = entry(SOUTH, 2, PrincipalKey.rotate("moon", MOON, MOON_2.verifyingKey(), SEAL_2));
        SigningKey moon3 = ProtocolFixtures.key(37);
        SignedEntry third = entry(SOUTH, 3, PrincipalKey.rotate("moon", MOON_2, moon3.verifyingKey(), SEAL));
        // moon's first key co-signs after it was rotated out; the station names its latest key entry (#3).
        SignedEntry stale = entry(SOUTH, 6, cosign(draft, "moon", MOON, hash, third.hash()));
        SignedEntry kim = entry(NORTH, 2, cosign(draft, "kim", KIM, hash, kimKeys()));
        // The rotations left out at the end: the history stops short of the entry the co-signature names.
        JointStatement tailLeftOut = joint(draft, stale, kim, List.of(Quote.of(first, SOUTH.verifyingKey())));
        assertThatThrownBy(tailLeftOut::verify).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_SIGNATURE))
                .hasMessageContaining("does not end at the key entry its co-signature names");
        // One rotation left out in the middle: the next no longer follows by the rotation rules.
        SignedEntry onThird = entry(SOUTH, 6, cosign(draft, "moon", moon3, hash, third.hash()));
        JointStatement middleLeftOut = joint(draft, onThird, kim, List.of(Quote.of(first, SOUTH.verifyingKey()),
                Quote.of(third, SOUTH.verifyingKey())));
        assertThatThrownBy(middleLeftOut::verify).hasMessageContaining("breaks the rotation rules at #3");
        // The whole history: the stale key is named as rotated out; the current one verifies.
        List<Quote> whole = List.of(Quote.of(first, SOUTH.verifyingKey()), Quote.of(second, SOUTH.verifyingKey()),
                Quote.of(third, SOUTH.verifyingKey()));
        assertThatThrownBy(() -> joint(draft, stale, kim, whole).verify()).hasMessageContaining("rotated out at #2");
        assertThat(joint(draft, onThird, kim, whole).verify().signers()).first().asString().contains("key generation 3");
        // A co-signature written before the anchor existed cannot show an omission, so it is not enough.
        SignedEntry unanchored = entry(SOUTH, 6, new Cosign(draft.hash(), hash, "moon", moon3.verifyingKey(),
                Base64.getEncoder().encodeToString(moon3.sign(hash.bytes()))));
        assertThatThrownBy(() -> joint(draft, unanchored, kim, whole).verify()).hasMessageContaining("names no key entry");
    }
}
