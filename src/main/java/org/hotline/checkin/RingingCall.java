package org.hotline.checkin;

import java.time.Instant;

/** A watch-test call of the other side, ringing here until an operator answers or its window closes. */
public record RingingCall(String line, long seq, Instant rangAt, Instant closesAt) {}
