package org.hotline.line;

import static java.util.Objects.requireNonNull;

import org.hotline.config.Address;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.StationId;

/** Who this station is: its party's name, its key and id, and where peers reach it. */
public record StationIdentity(String name, SigningKey key, StationId id, Address advertise) {
    public StationIdentity {
        requireNonNull(name, "name is null");
        requireNonNull(key, "key is null");
        requireNonNull(id, "id is null");
        requireNonNull(advertise, "advertise is null");
        if (!key.verifyingKey().stationId().equals(id)) {
            throw new IllegalArgumentException("station id does not match the key");
        }
    }
}
