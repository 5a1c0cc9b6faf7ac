package org.hotline.line;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.protocol.StationId;
import org.hotline.store.Store;

/**
 * Who may complete a TLS handshake with our federation port: the pinned peers of our lines, and,
 * only while an invitation is open, a station we do not know yet (which must then prove the
 * invitation's secret before anything else). Known peers are held in memory, since this is asked
 * at every handshake; the store is asked only about strangers.
 */
public final class PeerDirectory {
    private final Clock clock;
    private final Store store;
    private final Set<StationId> known = ConcurrentHashMap.newKeySet();

    public PeerDirectory(Clock clock, Store store) {
        this.clock = clock;
        this.store = store;
    }

    public void addPeer(StationId peer) {
        known.add(peer);
    }

    public boolean isKnown(StationId peer) {
        return known.contains(peer);
    }

    public boolean invitationsOpen() {
        return store.anyInvitationOpen(clock.instant());
    }

    /** The handshake rule. */
    public boolean mayConnect(StationId peer) {
        return isKnown(peer) || invitationsOpen();
    }
}
