package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What the chain rules say of a batch whose signatures have already been checked. */
public sealed interface BatchVerdict {
    /**
     * The batch fits: {@code fresh} are the entries to store, in order; {@code duplicates} were
     * already stored with the same hash (a replay, or a resend after a lost receipt).
     */
    record Accepted(List<SignedEntry> fresh, int duplicates, Head peerHead, Head peerHeadSeen) implements BatchVerdict {
        public Accepted {
            fresh = List.copyOf(fresh);
            requireNonNull(peerHead, "peerHead is null");
            requireNonNull(peerHeadSeen, "peerHeadSeen is null");
        }
    }

    /**
     * The peer signed two different entries with the same seq: proof of equivocation. Nothing of
     * the batch is stored; the conflicting entry is kept as evidence beside the one with hash
     * {@code stored}. When both versions came in the same batch, neither is in our store, so the
     * first travels along as {@code counterpart} and both are kept.
     */
    record Equivocation(SignedEntry conflicting, Hash stored, Optional<SignedEntry> counterpart) implements BatchVerdict {
        public Equivocation {
            requireNonNull(conflicting, "conflicting is null");
            requireNonNull(stored, "stored is null");
            requireNonNull(counterpart, "counterpart is null");
        }

        public Equivocation(SignedEntry conflicting, Hash stored) {
            this(conflicting, stored, Optional.empty());
        }
    }
}
