package org.hotline.alert;

import static java.util.Objects.requireNonNull;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Properties;
import org.hotline.delivery.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one plain-text mail per alert through the configured SMTP server, to every configured
 * recipient at once. A server that fails is tried again a few times with backoff; after that the
 * alert is left to the other channels (the log always has it).
 */
public final class MailSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(MailSink.class);
    public static final String SUBJECT_PREFIX = "[Hotline] ";
    public static final int ATTEMPTS = 3;
    private static final String TIMEOUT_MILLIS = "10000";

    private final AlertConfig.Mail config;
    private final String stationName;
    private final Session session;
    private final Backoff backoff;

    public MailSink(AlertConfig.Mail config, String stationName, Backoff backoff) {
        this.config = requireNonNull(config, "config is null");
        this.stationName = requireNonNull(stationName, "stationName is null");
        this.backoff = requireNonNull(backoff, "backoff is null");
        this.session = Session.getInstance(properties(config));
    }

    public static MailSink create(AlertConfig.Mail config, String stationName) {
        return new MailSink(config, stationName, new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), new SecureRandom()));
    }

    private static Properties properties(AlertConfig.Mail config) {
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", config.host());
        properties.setProperty("mail.smtp.port", String.valueOf(config.port()));
        // The envelope sender, where bounces go.
        properties.setProperty("mail.smtp.from", config.from());
        // Without timeouts a server that accepts the connection and then says nothing would hold the mail lane for ever.
        properties.setProperty("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        properties.setProperty("mail.smtp.timeout", TIMEOUT_MILLIS);
        properties.setProperty("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        properties.setProperty("mail.smtp.auth", String.valueOf(config.credentials().isPresent()));
        if (config.starttls()) {
            // Required, not just enabled: otherwise a server (or someone in between) that does not offer
            // STARTTLS would get the password and the alert in clear.
            properties.setProperty("mail.smtp.starttls.enable", "true");
            properties.setProperty("mail.smtp.starttls.required", "true");
            properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return properties;
    }

    @Override
    public void deliver(Alert alert) throws MessagingException, InterruptedException {
        MimeMessage message = message(alert);
        backoff.reset();
        for (int attempt = 1; ; attempt++) {
            try {
                if (config.credentials().isPresent()) {
                    Transport.send(message, config.credentials().get().user(), config.credentials().get().password());
                } else {
                    Transport.send(message);
                }
                if (attempt > 1) {
                    LOG.info("mail via {}: alert {} sent on attempt {}", config.host(), alert.id(), attempt);
                }
                return;
            } catch (MessagingException e) {
                if (attempt >= ATTEMPTS) {
                    LOG.warn("mail via {}:{}: alert {} not sent after {} attempt(s): {}", config.host(), config.port(), alert.id(),
                            attempt, e.getMessage());
                    throw e;
                }
                Duration delay = backoff.nextDelay();
                LOG.info("mail via {}:{}: alert {} attempt {}/{} failed ({}); retrying in {} ms", config.host(), config.port(),
                        alert.id(), attempt, ATTEMPTS, e.getMessage(), delay.toMillis());
                Thread.sleep(delay);
            }
        }
    }

    MimeMessage message(Alert alert) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(config.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", config.to())));
        message.setSubject(SUBJECT_PREFIX + alert.title(), "UTF-8");
        message.setText(body(alert), "UTF-8");
        // RFC 3834: an automatic message, so vacation responders do not answer it.
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader(WebhookSink.ALERT_ID_HEADER, alert.id());
        return message;
    }

    String body(Alert alert) {
        return """
                %s

                %s

                Station:  %s
                Line:     %s (id %s)
                Kind:     %s (%s)
                At:       %s
                Alert id: %s

                --\s
                Sent by the Hotline station %s. Open its console for the line's transcript.
                """.formatted(alert.title(), alert.detail(), stationName, alert.lineName(), alert.lineId(),
                alert.kind().wireName(), alert.kind().severity().wireName(), alert.at(), alert.id(), stationName);
    }
}
