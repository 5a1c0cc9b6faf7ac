package org.hotline.line;

import java.time.Instant;

/** What the accepting operator must confirm: the peer as its own TLS certificate proved it. */
public record InvitationPreview(String peerId, String peerName, String peerAddress, String lineName, Instant expires) {}
