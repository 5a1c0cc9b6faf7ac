package org.hotline.ha;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The node that holds the lease, where followers find it, and the lease's epoch. */
public record Leader(String node, String host, int federationPort, int apiPort, long epoch, Instant since) {
    public Leader {
        requireNonNull(node, "node is null");
        requireNonNull(host, "host is null");
        requireNonNull(since, "since is null");
    }
}
