package org.hotline.config;

import static java.util.Objects.requireNonNull;

/** One node of a station in high availability mode: its name and the host other nodes reach it at. */
public record HaNodeConfig(String node, String host) {
    public HaNodeConfig {
        requireNonNull(node, "node is null");
        requireNonNull(host, "host is null");
    }
}
