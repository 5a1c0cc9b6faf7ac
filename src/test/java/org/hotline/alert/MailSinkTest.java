package org.hotline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.hotline.delivery.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

// Own thread: a regression that blocks in raise() or a socket must fail the build, not hang it.
/** Against GreenMail: a real SMTP server on a free loopback port, restarted for every test. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MailSinkTest {
    private static final String USER = "hotline";
    private static final String PASSWORD = "smtp-password-1";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@station.test", USER, PASSWORD));

    private static AlertConfig.Mail config(boolean starttls, Optional<AlertConfig.Credentials> credentials) {
        return new AlertConfig.Mail("127.0.0.1", SMTP.getSmtp().getPort(), starttls, credentials, "alerts@station.test",
                List.of("duty-officer@party.test", "watch-desk@party.test"));
    }

    private static MailSink sink(AlertConfig.Mail config) {
        return new MailSink(config, "Blue House", new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), new SplittableRandom(1)));
    }

    @Test
    void sendsOnePlainTextMailToEveryRecipient() throws Exception {
        Alert alert = TestAlerts.missedCall("liaison");

        sink(config(false, Optional.of(new AlertConfig.Credentials(USER, PASSWORD)))).deliver(alert);

        assertThat(SMTP.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage[] received = SMTP.getReceivedMessages();
        // One copy per recipient's mailbox, both of the same message.
        assertThat(received).hasSize(2);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("[Hotline] Missed call on line liaison");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Address::toString)
                .containsExactly("duty-officer@party.test", "watch-desk@party.test");
        assertThat(mail.getFrom()).extracting(Address::toString).containsExactly("alerts@station.test");
        assertThat(mail.getContentType()).startsWith("text/plain");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains("liaison", "missed-call", alert.id(), "was not answered", "Blue House");
    }

    @Test
    void aNonAsciiLineNameSurvivesInSubjectAndBody() throws Exception {
        Alert alert = Alert.of(AlertKind.FLASH_MESSAGE, "연락선", TestAlerts.LINE_ID, "Flash message: 개성 연락사무소", TestAlerts.AT);

        sink(config(false, Optional.empty())).deliver(alert);

        assertThat(SMTP.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("[Hotline] Flash message on line 연락선");
        assertThat((String) mail.getContent()).contains("연락선", "개성 연락사무소");
    }

    /** A peer's flash message holding ESC, NUL and a bidi override reaches the mail as visible escapes. */
    @Test
    void aPeersControlAndBidiCharactersArriveAsVisibleEscapes() throws Exception {
        Alert alert = Alert.of(AlertKind.FLASH_MESSAGE, "liaison", TestAlerts.LINE_ID, "State Affairs Commission sent a flash message: stand down\u001b[2J\u0000\u202eyaw rehto", TestAlerts.AT);

        sink(config(false, Optional.empty())).deliver(alert);

        assertThat(SMTP.waitForIncomingEmail(5000, 2)).isTrue();
        String body = (String) SMTP.getReceivedMessages()[0].getContent();
        assertThat(body).contains("State Affairs Commission sent a flash message: stand down\\u001b[2J\\u0000\\u202eyaw rehto").doesNotContain("\u001b", "\u0000", "\u202e");
    }

    @Test
    void aWrongPasswordSendsNothing() {
        MailSink sink = sink(config(false, Optional.of(new AlertConfig.Credentials(USER, "wrong-password"))));

        assertThatThrownBy(() -> sink.deliver(TestAlerts.missedCall("liaison"))).isInstanceOf(MessagingException.class);

        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void withStarttlsRequiredAServerWithoutItGetsNeitherMailNorPassword() {
        // GreenMail's plain SMTP does not offer STARTTLS, like a downgrading man in the middle.
        MailSink sink = sink(config(true, Optional.of(new AlertConfig.Credentials(USER, PASSWORD))));

        assertThatThrownBy(() -> sink.deliver(TestAlerts.missedCall("liaison")))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("STARTTLS");

        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }
}
