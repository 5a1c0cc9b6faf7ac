package org.hotline.delivery;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.config.Address;
import org.hotline.crypto.StationCertificate;
import org.hotline.protocol.LineId;
import org.hotline.store.LineRecord;

/** One pinned {@link PeerClient} per line, created on first use and closed with the station. */
public final class Peers implements AutoCloseable {
    private final StationCertificate certificate;
    private final Map<LineId, PeerClient> clients = new ConcurrentHashMap<>();

    public Peers(StationCertificate certificate) {
        this.certificate = certificate;
    }

    public PeerClient client(LineRecord line) {
        return clients.computeIfAbsent(line.id(), id -> {
            try {
                return new PeerClient(certificate, line.peerId(), Address.parse(line.peerAddress()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the TLS context for " + line.name(), e);
            }
        });
    }

    /**
     * Replaces the line's client with a new one on next use, and retires {@code worn} (if it is
     * still the line's client): after the path to the peer went silent, its pooled connections may
     * be dead without knowing it, and a request on one would wait for its full timeout.
     */
    public void renew(LineRecord line, PeerClient worn) {
        if (clients.remove(line.id(), worn)) {
            worn.retire();
        }
    }

    public StationCertificate certificate() {
        return certificate;
    }

    @Override
    public void close() {
        clients.values().forEach(PeerClient::close);
        clients.clear();
    }
}
