package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.protocol.ProtocolFixtures.LINE;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A statement carries all a reader needs; an edited quote, a forged signature and a rotated-out key are each caught, with the reason. */
class StatementTest {
    private static final SigningKey SOUTH = ProtocolFixtures.key(10);
    private static final SigningKey NORTH = ProtocolFixtures.key(20);
    private static final SigningKey MOON_1 = ProtocolFixtures.key(30);
    private static final SigningKey MOON_2 = ProtocolFixtures.key(40);
    private static final SealingPublicKey SEAL_1 = SealingPublicKey.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final SealingPublicKey SEAL_2 = SealingPublicKey.of(new byte[] {2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final Instant T0 = Instant.parse("2021-07-27T01:00:00Z");

    private static SignedEntry entry(SigningKey author, long seq, Instant at, Body body) throws ProtocolException {
        return SignedEntry.sign(new Entry(Entry.VERSION, LINE, author.verifyingKey().stationId(), seq,
                seq == 1 ? Optional.empty() : Optional.of(Hash.sha256(new byte[] {(byte) seq})), Head.EMPTY, at, body), author);
    }

    private static final SignedEntry QUOTED = quoted();

    private static SignedEntry quoted() {
        try {
            return entry(NORTH, 7, T0, new Message("We will restore all communication lines from 10:00.", Priority.URGENT, "en"));
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Statement.Quote> history(boolean rotated) throws ProtocolException {
        List<Statement.Quote> history = new ArrayList<>();
        history.add(Statement.Quote.of(entry(SOUTH, 1, T0.minusSeconds(3600), PrincipalKey.first("moon", MOON_1.verifyingKey(), SEAL_1)),
                SOUTH.verifyingKey()));
        if (rotated) {
            history.add(Statement.Quote.of(entry(SOUTH, 2, T0.minusSeconds(60), PrincipalKey.rotate("moon", MOON_1, MOON_2.verifyingKey(), SEAL_2)),
                    SOUTH.verifyingKey()));
        }
        return history;
    }

    private static Statement statement(SigningKey signedBy, VerifyingKey claimed, List<Statement.Quote> quotes, List<Statement.Quote> history) {
        StationId station = SOUTH.verifyingKey().stationId();
        byte[] signature = signedBy.sign(Statement.signedBytes(station, "Blue House", "moon", claimed, "The lines are restored", "en", T0,
                "Both sides agreed to restore the liaison lines.", quotes));
        return new Statement(station, "Blue House", SOUTH.verifyingKey(), "moon", claimed, "The lines are restored", "en", T0,
                "Both sides agreed to restore the liaison lines.", quotes, Base64.getEncoder().encodeToString(signature), history)
                .attested(SOUTH);
    }

    @Test
    void aGoodStatementVerifiesAndRoundTripsThroughItsDocument() throws Exception {
        Statement good = statement(MOON_1, MOON_1.verifyingKey(), List.of(Statement.Quote.of(QUOTED, NORTH.verifyingKey())), history(false));
        Statement.Report report = good.verify();
        assertThat(report.principal()).isEqualTo("moon");
        assertThat(report.keyGeneration()).isEqualTo(1);
        assertThat(report.quotes()).isEqualTo(1);
        Statement decoded = Statement.decode(good.encode());
        assertThat(decoded.verify()).isEqualTo(report);
        assertThat(Statement.isStatement(good.encode())).isTrue();
        // After a rotation, the new key signs.
        assertThat(statement(MOON_2, MOON_2.verifyingKey(), List.of(), history(true)).verify().keyGeneration()).isEqualTo(2);
    }

    @Test
    void anEditedQuoteIsRejected() throws Exception {
        Statement good = statement(MOON_1, MOON_1.verifyingKey(), List.of(Statement.Quote.of(QUOTED, NORTH.verifyingKey())), history(false));
        String json = new String(good.encode(), StandardCharsets.UTF_8);
        String quoted = new String(QUOTED.bytes(), StandardCharsets.UTF_8);
        String edited = quoted.replace("We will restore", "We will never restore");
        String tampered = json.replace(QUOTED.bytesBase64(), Base64.getEncoder().encodeToString(edited.getBytes(StandardCharsets.UTF_8)));
        assertThat(tampered).isNotEqualTo(json);
        assertThatThrownBy(() -> Statement.verifyDocument(tampered.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("quote 1").hasMessageContaining("edited");
        // A quote re-signed by someone else than its author is caught too.
        SignedEntry resigned = SignedEntry.sign(QUOTED.entry(), SOUTH);
        Statement misattributed = statement(MOON_1, MOON_1.verifyingKey(), List.of(Statement.Quote.of(resigned, SOUTH.verifyingKey())),
                history(false));
        assertThatThrownBy(misattributed::verify).hasMessageContaining("quote 1").hasMessageContaining("not the key of the entry's author");
    }

    @Test
    void aForgedSignatureIsRejected() throws Exception {
        // Claims moon's key, signed by another.
        Statement forged = statement(MOON_2, MOON_1.verifyingKey(), List.of(), history(false));
        assertThatThrownBy(forged::verify).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_SIGNATURE))
                .hasMessageContaining("principal's signature does not verify");
        // Signed properly, then its text changed in the document.
        Statement good = statement(MOON_1, MOON_1.verifyingKey(), List.of(), history(false));
        Statement changed = new Statement(good.station(), good.stationName(), good.stationKey(), good.principal(), good.signer(), good.title(),
                good.lang(), good.published(), "Neither side agreed.", good.quotes(), good.signature(), good.keyHistory());
        assertThatThrownBy(changed::verify).hasMessageContaining("changed after moon signed it");
        // Signed by a key that was never moon's.
        assertThatThrownBy(() -> statement(NORTH, NORTH.verifyingKey(), List.of(), history(false)).verify())
                .hasMessageContaining("never announced for moon");
    }

    @Test
    void aRotatedOutKeyIsRejected() throws Exception {
        Statement stale = statement(MOON_1, MOON_1.verifyingKey(), List.of(), history(true));
        assertThatThrownBy(stale::verify).isInstanceOf(ProtocolException.class).hasMessageContaining("rotated out at 2021-07-27T00:59:00Z")
                .hasMessageContaining("generation 1");
    }

    @Test
    void theDocumentMustComeFromTheStationItNames() throws Exception {
        Statement good = statement(MOON_1, MOON_1.verifyingKey(), List.of(), history(false));
        Statement otherKey = new Statement(good.station(), good.stationName(), NORTH.verifyingKey(), good.principal(), good.signer(), good.title(),
                good.lang(), good.published(), good.text(), good.quotes(), good.signature(), good.keyHistory());
        assertThatThrownBy(otherKey::verify).hasMessageContaining("does not hash to the station id");
        String json = new String(good.encode(), StandardCharsets.UTF_8).replace("\"title\":\"The lines are restored\"",
                "\"title\":\"The lines are cut\"");
        assertThatThrownBy(() -> Statement.verifyDocument(json.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("changed after moon signed it");
        String otherId = new String(good.encode(), StandardCharsets.UTF_8).replace(good.id().hex(), Hash.sha256(new byte[0]).hex());
        assertThatThrownBy(() -> Statement.verifyDocument(otherId.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("id is not the hash");
        assertThat(Statement.verifyDocument(good.encode()).id()).isEqualTo(good.id());
    }

    @Test
    void aRotationLeftOutOfTheKeyHistoryIsCaught() throws Exception {
        // Signed with moon's first key after it was rotated out, the rotation left out of the
        // document: every key entry in it is genuine, and the retired key looks current.
        Statement genuine = statement(MOON_2, MOON_2.verifyingKey(), List.of(), history(true));
        byte[] signature = MOON_1.sign(Statement.signedBytes(genuine.station(), "Blue House", "moon", MOON_1.verifyingKey(),
                "The lines are restored", "en", T0, "Both sides agreed to restore the liaison lines.", List.of()));
        Statement unattested = new Statement(genuine.station(), "Blue House", SOUTH.verifyingKey(), "moon", MOON_1.verifyingKey(),
                "The lines are restored", "en", T0, "Both sides agreed to restore the liaison lines.", List.of(),
                Base64.getEncoder().encodeToString(signature), history(false));
        assertThatThrownBy(() -> Statement.verifyDocument(unattested.encode())).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_SIGNATURE))
                .hasMessageContaining("has not attested").hasMessageContaining("rotation left out");
        // With the station's attestation of the complete history copied from a genuine statement.
        Statement copied = new Statement(unattested.station(), unattested.stationName(), unattested.stationKey(), "moon",
                unattested.signer(), unattested.title(), unattested.lang(), unattested.published(), unattested.text(), List.of(),
                unattested.signature(), unattested.keyHistory(), genuine.keysSignature());
        assertThatThrownBy(() -> Statement.verifyDocument(copied.encode())).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_SIGNATURE))
                .hasMessageContaining("not the one the station attested").hasMessageContaining("left out");
        // The same history, attested complete, shows the rotation and refuses the retired key.
        Statement complete = new Statement(unattested.station(), unattested.stationName(), unattested.stationKey(), "moon",
                unattested.signer(), unattested.title(), unattested.lang(), unattested.published(), unattested.text(), List.of(),
                unattested.signature(), history(true)).attested(SOUTH);
        assertThatThrownBy(complete::verify).hasMessageContaining("rotated out at");
    }
}
