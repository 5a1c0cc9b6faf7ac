package org.hotline.alert;

import java.util.Locale;

/**
 * What happened. Each kind has a stable wire name (used in the webhook and SSE JSON, so receivers
 * can switch on it), a severity, and the headline used as the alert's title and mail subject.
 */
public enum AlertKind {
    MISSED_CALL("missed-call", Severity.WARNING, false, "Missed call on line %s", "missed calls"),
    LINK_DOWN("link-down", Severity.WARNING, false, "Link down on line %s", "link-down alerts"),
    PEER_SUSPENDED("peer-suspended", Severity.CRITICAL, true, "Line %s suspended by the peer", "cuts"),
    EQUIVOCATION("equivocation", Severity.CRITICAL, true, "Equivocation on line %s", "equivocations"),
    FLASH_MESSAGE("flash-message", Severity.CRITICAL, false, "Flash message on line %s", "flash messages"),
    /** The peer's answers break our limits (endless, oversized or dripped): a peer misbehaving. */
    PEER_MISBEHAVING("peer-misbehaving", Severity.CRITICAL, true, "The peer misbehaves on line %s", "refused answers"),
    /** The peer sent more than the line's quota allows; its batches are refused until the quota refills. */
    QUOTA_EXCEEDED("quota-exceeded", Severity.WARNING, true, "Line %s over its quota", "quota refusals");

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
    private final boolean kept;
    private final String headline;
    private final String plural;

    AlertKind(String wireName, Severity severity, boolean kept, String headline, String plural) {
        this.wireName = wireName;
        this.severity = severity;
        this.kept = kept;
        this.headline = headline;
        this.plural = plural;
    }

    /** What many alerts of this kind are called, as in "and 2,999 more flash messages". */
    public String plural() {
        return plural;
    }

    /**
     * Whether a full alert queue must keep this alert rather than make room for routine ones:
     * evidence of misconduct and changes of a line's standing are rare and cannot be told again,
     * while a flood of flash messages is exactly what a hostile peer can produce at will.
     */
    public boolean kept() {
        return kept;
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
