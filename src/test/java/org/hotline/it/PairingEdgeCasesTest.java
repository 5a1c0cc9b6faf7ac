package org.hotline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.hotline.Station;
import org.hotline.delivery.Wire;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.line.IssuedInvitation;
import org.hotline.line.LineSummary;
import org.hotline.protocol.Message;
import org.hotline.protocol.Priority;
import org.hotline.store.LineRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Invitations are one-time, expire, cannot be forged or edited, and a refused one opens no line anywhere. */
@Timeout(value = 60)
class PairingEdgeCasesTest {
    private static final String PREFIX = "hotline-invitation:";

    @TempDir
    Path temp;

    @Test
    void invitationWorksOnlyOnce() throws Exception {
        try (Station a = start("a", "Blue House"); Station b = start("b", "State Affairs Commission");
                Station c = start("c", "Third Party")) {
            IssuedInvitation once = a.lines().invite("liaison", Optional.empty());
            // A second invitation stays open, so strangers still pass the handshake and reach the pairing rules.
            IssuedInvitation other = a.lines().invite("spare", Optional.empty());
            LineSummary opened = b.lines().accept(once.invitation(), Optional.empty());
            assertThat(opened.peerId()).isEqualTo(a.identity().id().display());

            HotlineException reused = catchThrowableOfType(HotlineException.class,
                    () -> c.lines().accept(once.invitation(), Optional.empty()));
            assertThat(reused.code()).isEqualTo(ErrorCode.INVITATION_INVALID);
            assertThat(reused.getMessage()).contains("already used");
            assertThat(c.store().lines()).isEmpty();
            assertThat(a.store().lines()).extracting(LineRecord::peerId).containsExactly(b.identity().id());

            // The acceptor itself cannot take it twice either, not even under another name.
            HotlineException again = catchThrowableOfType(HotlineException.class,
                    () -> b.lines().accept(once.invitation(), Optional.of("liaison-2")));
            assertThat(again.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(b.store().lines()).hasSize(1);

            // Once no invitation is open at A, a stranger no longer gets past A's TLS handshake.
            c.lines().accept(other.invitation(), Optional.empty());
            try (Station d = start("d", "Fourth Party")) {
                HotlineException late = catchThrowableOfType(HotlineException.class,
                        () -> d.lines().accept(once.invitation(), Optional.empty()));
                assertThat(late.code()).isIn(ErrorCode.INVITATION_INVALID, ErrorCode.PEER_REFUSED);
                assertThat(d.store().lines()).isEmpty();
            }
            assertThat(a.store().lines()).extracting(LineRecord::name).containsExactlyInAnyOrder("liaison", "spare");
        }
    }

    @Test
    void expiredInvitationIsRefusedByTheInvitingStation() throws Exception {
        TestStations.MovableClock clock = new TestStations.MovableClock(Duration.ZERO);
        try (Station a = TestStations.start(TestStations.init(temp.resolve("a"), "Blue House"), clock);
                Station b = start("b", "State Affairs Commission")) {
            IssuedInvitation shortLived = a.lines().invite("liaison", Optional.of(Duration.ofHours(1)));
            IssuedInvitation longLived = a.lines().invite("spare", Optional.of(Duration.ofDays(3)));
            clock.advance(Duration.ofHours(2));
            // B's clock says the invitation is still good; A's says it expired, and A decides.
            assertThat(Instant.now()).isBefore(shortLived.expires());

            HotlineException expired = catchThrowableOfType(HotlineException.class,
                    () -> b.lines().accept(shortLived.invitation(), Optional.empty()));
            assertThat(expired.code()).isEqualTo(ErrorCode.INVITATION_INVALID);
            assertThat(expired.getMessage()).contains("expired");
            assertThat(a.store().lines()).isEmpty();
            assertThat(b.store().lines()).isEmpty();

            // The refusal was about expiry, not reachability: the long-lived one still works.
            b.lines().accept(longLived.invitation(), Optional.empty());
            assertThat(a.store().lines()).extracting(LineRecord::name).containsExactly("spare");
        }
    }

    @Test
    void acceptorRefusesAnInvitationItsOwnClockSaysHasExpiredAndDoesNotSpendIt() throws Exception {
        try (Station a = start("a", "Blue House");
                Station late = TestStations.start(TestStations.init(temp.resolve("late"), "Late Party"),
                        new TestStations.MovableClock(Duration.ofDays(2)));
                Station b = start("b", "State Affairs Commission")) {
            IssuedInvitation invitation = a.lines().invite("liaison", Optional.of(Duration.ofDays(1)));
            HotlineException expired = catchThrowableOfType(HotlineException.class,
                    () -> late.lines().accept(invitation.invitation(), Optional.empty()));
            assertThat(expired.code()).isEqualTo(ErrorCode.INVITATION_INVALID);
            assertThat(late.store().lines()).isEmpty();
            assertThat(a.store().lines()).isEmpty();
            // Still unused at A: a station with a right clock can take it.
            b.lines().accept(invitation.invitation(), Optional.empty());
            assertThat(a.store().lines()).extracting(LineRecord::peerId).containsExactly(b.identity().id());
        }
    }

    @Test
    void invitationValidityIsBetweenAMinuteAndThirtyDays() throws Exception {
        try (Station a = start("a", "Blue House")) {
            for (Duration ttl : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5), Duration.ofSeconds(1),
                    Duration.ofSeconds(59), Duration.ofDays(30).plusSeconds(1)}) {
                HotlineException refused = catchThrowableOfType(HotlineException.class,
                        () -> a.lines().invite("liaison", Optional.of(ttl)));
                assertThat(refused).as("ttl %s", ttl).isNotNull();
                assertThat(refused.code()).as("ttl %s", ttl).isEqualTo(ErrorCode.BAD_REQUEST);
            }
            assertThat(a.store().anyInvitationOpen(Instant.now())).isFalse();
            assertThat(a.lines().invite("liaison", Optional.of(Duration.ofMinutes(1))).expires())
                    .isAfter(Instant.now().plusSeconds(50));
            assertThat(a.lines().invite("leaders", Optional.of(Duration.ofDays(30))).expires())
                    .isAfter(Instant.now().plus(Duration.ofDays(29)));
        }
    }

    @Test
    void damagedInvitationIsABadRequestAndContactsNobody() throws Exception {
        try (Station a = start("a", "Blue House"); Station b = start("b", "State Affairs Commission")) {
            String good = a.lines().invite("liaison", Optional.empty()).invitation();
            String payload = good.substring(PREFIX.length());
            ObjectNode fields = decode(good);
            String[] damaged = {
                "",
                "   ",
                payload,
                "hotline-invite:" + payload,
                good.substring(0, good.length() - 7),
                PREFIX + payload.substring(0, 10) + "!!" + payload.substring(12),
                PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString("not json at all".getBytes(StandardCharsets.UTF_8)),
                PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString("[1,2,3]".getBytes(StandardCharsets.UTF_8)),
                encode(fields.deepCopy().put("v", 2)),
                encode(fields.deepCopy().put("station", "NOT-A-STATION")),
                encode(fields.deepCopy().put("address", "nowhere")),
                encode(fields.deepCopy().put("line", "../../etc/passwd")),
                encode(fields.deepCopy().put("lineName", "Liaison With Spaces")),
                encode(fields.deepCopy().put("expires", "tomorrow")),
                encode(withoutField(fields, "secret")),
                PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[5000]),
            };
            for (String text : damaged) {
                HotlineException refused = catchThrowableOfType(HotlineException.class,
                        () -> b.lines().accept(text, Optional.empty()));
                assertThat(refused).as("invitation %s", text).isNotNull();
                assertThat(refused.code()).as("invitation %s", text).isEqualTo(ErrorCode.BAD_REQUEST);
                HotlineException preview = catchThrowableOfType(HotlineException.class, () -> b.lines().preview(text));
                assertThat(preview.code()).as("preview of %s", text).isEqualTo(ErrorCode.BAD_REQUEST);
            }
            assertThat(a.store().lines()).isEmpty();
            assertThat(b.store().lines()).isEmpty();
            // The good one was not spent by any of this.
            b.lines().accept(good, Optional.empty());
            assertThat(a.store().lines()).hasSize(1);
        }
    }

    @Test
    void wrongSecretIsRefusedOpensNoLineAndDoesNotSpendTheInvitation() throws Exception {
        try (Station a = start("a", "Blue House"); Station b = start("b", "State Affairs Commission")) {
            IssuedInvitation invitation = a.lines().invite("liaison", Optional.empty());
            ObjectNode fields = decode(invitation.invitation());
            String secret = fields.get("secret").textValue();
            String flipped = (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);
            for (String wrong : new String[] {flipped, "", secret + "x", secret.substring(1)}) {
                String forged = encode(fields.deepCopy().put("secret", wrong));
                HotlineException refused = catchThrowableOfType(HotlineException.class,
                        () -> b.lines().accept(forged, Optional.empty()));
                assertThat(refused).as("secret '%s'", wrong).isNotNull();
                assertThat(refused.code()).as("secret '%s'", wrong).isIn(ErrorCode.FORBIDDEN, ErrorCode.PEER_REFUSED);
                assertThat(refused.getMessage()).contains("secret");
                assertThat(a.store().lines()).isEmpty();
                assertThat(b.store().lines()).isEmpty();
            }
            assertThat(a.store().invitation(TestStations.lineIdOf(invitation)).orElseThrow().usedAt()).isEmpty();

            b.lines().accept(invitation.invitation(), Optional.empty());
            b.lines().send("liaison", new Message("paired after all", Priority.ROUTINE, "en"));
            TestStations.awaitQuiet(a, "liaison", b, "liaison", Duration.ofSeconds(20));
        }
    }

    @Test
    void invitationWithAnotherStationIdFailsThePinAndOpensNothing() throws Exception {
        try (Station a = start("a", "Blue House"); Station b = start("b", "State Affairs Commission");
                Station c = start("c", "Impostor's Target")) {
            IssuedInvitation invitation = a.lines().invite("liaison", Optional.empty());
            // Someone swapped the station id for C's while keeping A's address: B must not pair with A then.
            String swapped = encode(decode(invitation.invitation()).put("station", c.identity().id().value()));
            HotlineException refused = catchThrowableOfType(HotlineException.class,
                    () -> b.lines().accept(swapped, Optional.empty()));
            assertThat(refused.code()).isEqualTo(ErrorCode.PEER_REFUSED);
            assertThat(refused.getMessage()).contains(c.identity().id().display());
            HotlineException preview = catchThrowableOfType(HotlineException.class, () -> b.lines().preview(swapped));
            assertThat(preview.code()).isEqualTo(ErrorCode.PEER_REFUSED);
            assertThat(a.store().lines()).isEmpty();
            assertThat(b.store().lines()).isEmpty();
            assertThat(c.store().lines()).isEmpty();

            // Accepting one's own invitation is refused outright.
            HotlineException own = catchThrowableOfType(HotlineException.class,
                    () -> a.lines().accept(invitation.invitation(), Optional.empty()));
            assertThat(own.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(a.store().lines()).isEmpty();
        }
    }

    private Station start(String dir, String name) throws Exception {
        return TestStations.start(TestStations.init(temp.resolve(dir), name));
    }

    private static ObjectNode decode(String invitation) throws Exception {
        return (ObjectNode) Wire.JSON.readTree(Base64.getUrlDecoder().decode(invitation.substring(PREFIX.length())));
    }

    private static String encode(ObjectNode fields) throws Exception {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Wire.JSON.writeValueAsBytes(fields));
    }

    private static ObjectNode withoutField(ObjectNode fields, String name) {
        ObjectNode copy = fields.deepCopy();
        copy.remove(name);
        return copy;
    }
}
