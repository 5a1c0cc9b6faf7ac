package org.hotline.alert;

import java.time.Instant;
import org.hotline.protocol.LineId;

/** Alerts for tests. */
final class TestAlerts {
    static final LineId LINE_ID = new LineId("abcdefghijklmnopqrstuvwxyz");
    static final Instant AT = Instant.parse("2020-06-09T00:00:00Z");

    private TestAlerts() {}

    static Alert missedCall(String line) {
        return Alert.of(AlertKind.MISSED_CALL, line, LINE_ID, "The 09:00 check-in call on line " + line
                + " was not answered within 5 minutes.", AT);
    }

    static Alert of(AlertKind kind) {
        return Alert.of(kind, "liaison", LINE_ID, "Something happened on line liaison.", AT);
    }
}
