package org.hotline.line;

import java.time.Instant;

/** An invitation just made: the code to hand over (shown once) and when it expires. */
public record IssuedInvitation(String invitation, String lineId, String lineName, String stationId, String address, Instant expires) {}
