package org.hotline.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checked inside every transcript commit's transaction, before anything is written. In high
 * availability mode it makes sure this node still holds the lease, so that a node that lost it
 * (a stalled process, a partition) cannot write after another has taken over.
 */
@FunctionalInterface
public interface CommitFence {
    CommitFence NONE = connection -> { };

    /** Throws {@link FencedException} when this node may no longer write. */
    void check(Connection connection) throws SQLException;

    /** This node no longer holds the lease; the commit is refused. */
    final class FencedException extends RuntimeException {
        public FencedException(String message) {
            super(message);
        }
    }
}
