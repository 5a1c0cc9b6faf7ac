package org.hotline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertConfigTest {
    private static final String SOURCE = "/data/hotline.conf";

    /** Every channel on, with good values. */
    private static Map<String, String> full() {
        Map<String, String> values = new HashMap<>();
        values.put("alerts.webhook-url", "https://hooks.example.org/hotline/T0KEN");
        values.put("alerts.webhook-secret", "0123456789abcdef0123");
        values.put("alerts.webhook-attempts", "5");
        values.put("alerts.smtp-host", "smtp.example.org");
        values.put("alerts.smtp-port", "2525");
        values.put("alerts.smtp-starttls", "false");
        values.put("alerts.smtp-user", "hotline");
        values.put("alerts.smtp-password", "mail-password");
        values.put("alerts.mail-from", "Hotline <hotline@example.org>");
        values.put("alerts.mail-to", "duty@example.org, Watch Desk <watch@example.org>");
        values.put("alerts.link-down-seconds", "300");
        return values;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> values = full();
        values.put(key, value);
        return values;
    }

    @Test
    void defaultsTurnWebhookAndMailOff() {
        AlertConfig config = AlertConfig.fromValues(Map.of(), SOURCE);

        assertThat(config.webhook()).isEmpty();
        assertThat(config.mail()).isEmpty();
        assertThat(config.linkDown()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.coalesce()).isEqualTo(Duration.ofSeconds(60));
        assertThat(AlertConfig.DEFAULTS).containsKeys("alerts.webhook-url", "alerts.webhook-secret", "alerts.webhook-attempts",
                "alerts.smtp-host", "alerts.smtp-port", "alerts.smtp-starttls", "alerts.smtp-user", "alerts.smtp-password",
                "alerts.mail-from", "alerts.mail-to", "alerts.link-down-seconds", "alerts.coalesce-seconds").hasSize(12);
        assertThat(AlertConfig.fromValues(Map.of("alerts.coalesce-seconds", "0"), SOURCE).coalesce()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertConfig.fromValues(Map.of("alerts.coalesce-seconds", "-1"), SOURCE))
                .hasMessageContaining("alerts.coalesce-seconds");
    }

    @Test
    void goodValuesAreRead() {
        AlertConfig config = AlertConfig.fromValues(full(), SOURCE);

        AlertConfig.Webhook webhook = config.webhook().orElseThrow();
        assertThat(webhook.url()).isEqualTo(URI.create("https://hooks.example.org/hotline/T0KEN"));
        assertThat(webhook.secret()).isEqualTo("0123456789abcdef0123");
        assertThat(webhook.attempts()).isEqualTo(5);
        AlertConfig.Mail mail = config.mail().orElseThrow();
        assertThat(mail.host()).isEqualTo("smtp.example.org");
        assertThat(mail.port()).isEqualTo(2525);
        assertThat(mail.starttls()).isFalse();
        assertThat(mail.credentials()).contains(new AlertConfig.Credentials("hotline", "mail-password"));
        assertThat(mail.from()).isEqualTo("Hotline <hotline@example.org>");
        assertThat(mail.to()).containsExactly("duty@example.org", "Watch Desk <watch@example.org>");
        assertThat(config.linkDown()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void mailDefaultsToSubmissionPortWithStarttlsAndNoLogin() {
        Map<String, String> values = Map.of("alerts.smtp-host", "mail.example.org", "alerts.mail-from", "h@example.org",
                "alerts.mail-to", "d@example.org");

        AlertConfig.Mail mail = AlertConfig.fromValues(values, SOURCE).mail().orElseThrow();

        assertThat(mail.port()).isEqualTo(587);
        assertThat(mail.starttls()).isTrue();
        assertThat(mail.credentials()).isEmpty();
        assertThat(mail.to()).isEqualTo(List.of("d@example.org"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "alerts.webhook-url       | not a url at all      | not a URL",
        "alerts.webhook-url       | ftp://example.org/x   | http:// or https://",
        "alerts.webhook-url       | /relative/path        | http:// or https://",
        "alerts.webhook-url       | https://u:p@example.org/x | must not hold a user name or password",
        "alerts.webhook-secret    | ''                    | must be set when alerts.webhook-url is",
        "alerts.webhook-secret    | short                 | shorter than 16",
        "alerts.webhook-attempts  | 0                     | outside 1-100",
        "alerts.webhook-attempts  | many                  | not a whole number",
        "alerts.smtp-host         | smtp host             | not a host name",
        "alerts.smtp-port         | 70000                 | outside 1-65535",
        "alerts.smtp-port         | x                     | not a whole number",
        "alerts.smtp-starttls     | yes                   | not true or false",
        "alerts.smtp-password     | ''                    | must be set when alerts.smtp-user is",
        "alerts.mail-from         | ''                    | must be set",
        "alerts.mail-from         | not-an-address        | not a mail address",
        "alerts.mail-to           | ''                    | at least one recipient",
        "alerts.mail-to           | a@example.org,,b@example.org | empty entry",
        "alerts.mail-to           | a@example.org, oops   | not a mail address",
        "alerts.link-down-seconds | 0                     | outside 1-604800",
        "alerts.link-down-seconds | two minutes           | not a whole number",
    })
    void aBadValueIsNamedByItsKey(String key, String value, String problem) {
        assertThatThrownBy(() -> AlertConfig.fromValues(with(key, value), SOURCE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(SOURCE + ": " + key + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void aPasswordWithoutAUserNamesTheUserKey() {
        Map<String, String> values = with("alerts.smtp-user", "");

        assertThatThrownBy(() -> AlertConfig.fromValues(values, SOURCE))
                .hasMessageStartingWith(SOURCE + ": alerts.smtp-user: ");
    }

    @Test
    void aTooShortSecretIsNotQuotedInTheError() {
        assertThatThrownBy(() -> AlertConfig.fromValues(with("alerts.webhook-secret", "hunter2hunter2"), SOURCE))
                .hasMessageContaining("alerts.webhook-secret")
                .message().doesNotContain("hunter2");
    }

    @Test
    void anEmptyUrlOrHostTurnsThatChannelOffWhateverElseIsSet() {
        Map<String, String> values = full();
        values.put("alerts.webhook-url", "");
        values.put("alerts.smtp-host", "");

        AlertConfig config = AlertConfig.fromValues(values, SOURCE);

        assertThat(config.webhook()).isEmpty();
        assertThat(config.mail()).isEmpty();
    }

    @Test
    void printedConfigHidesTheSecrets() {
        AlertConfig config = AlertConfig.fromValues(full(), SOURCE);

        assertThat(config.toString()).doesNotContain("0123456789abcdef0123", "mail-password", "T0KEN")
                .contains("smtp.example.org", "hooks.example.org");
    }
}
