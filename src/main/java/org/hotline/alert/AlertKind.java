package org.hotline.alert;

import java.util.Locale;

/**
 * What happened. Each kind has a stable wire name (used in the webhook and SSE JSON, so receivers
 * can switch on it), a severity, and the headline used as the alert's title and mail subject.
 */
public enum AlertKind {
    MISSED_CALL("missed-call", Severity.WARNING, "Missed call on line %s"),
    LINK_DOWN("link-down", Severity.WARNING, "Link down on line %s"),
    PEER_SUSPENDED("peer-suspended", Severity.CRITICAL, "Line %s suspended by the peer"),
    EQUIVOCATION("equivocation", Severity.CRITICAL, "Equivocation on line %s"),
    FLASH_MESSAGE("flash-message", Severity.CRITICAL, "Flash message on line %s");

    /** How loud: a warning asks for a look, a critical alert for action now. */
    public enum Severity {
        WARNING,
        CRITICAL;

        public String wireName() {
            // Locale.ROOT: under a Turkish default locale "CRITICAL" would become "critıcal".
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String wireName;
    private final Severity severity;
    private final String headline;

    AlertKind(String wireName, Severity severity, String headline) {
        this.wireName = wireName;
        this.severity = severity;
        this.headline = headline;
    }

    public String wireName() {
        return wireName;
    }

    public Severity severity() {
        return severity;
    }

    /** The title for this kind of alert on the named line, e.g. "Missed call on line liaison". */
    public String title(String lineName) {
        return headline.formatted(lineName);
    }
}
