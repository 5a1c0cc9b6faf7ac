package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A line's declared state as its control entries make it, folded in transcript order: open;
 * suspended by one side (announced or silent); or with a restore proposed. Both stations fold the
 * same entries, so once both hold them both declare the same state.
 */
public record DeclaredState(
        Phase phase,
        Optional<StationId> suspendedBy,
        boolean silent,
        Optional<Instant> since,
        String reason,
        Optional<StationId> proposedBy,
        long proposalSeq) {

    public enum Phase {
        OPEN,
        SUSPENDED,
        RESTORE_PROPOSED
    }

    public static final DeclaredState OPEN = new DeclaredState(Phase.OPEN, Optional.empty(), false, Optional.empty(), "", Optional.empty(), 0);

    public DeclaredState {
        requireNonNull(phase, "phase is null");
        requireNonNull(suspendedBy, "suspendedBy is null");
        requireNonNull(since, "since is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(proposedBy, "proposedBy is null");
    }

    public boolean isOpen() {
        return phase == Phase.OPEN;
    }

    /** The next state after {@code entry}; entries that change nothing leave it as it is. */
    public DeclaredState apply(Entry entry) {
        return switch (entry.body()) {
            case Suspend suspend -> new DeclaredState(Phase.SUSPENDED, Optional.of(entry.author()), !suspend.announced(),
                    Optional.of(entry.at()), suspend.reason(), Optional.empty(), 0);
            case RestoreProposal proposal -> phase == Phase.OPEN
                    ? this
                    : new DeclaredState(Phase.RESTORE_PROPOSED, suspendedBy, silent, since, reason, Optional.of(entry.author()), entry.seq());
            case RestoreAccept accept -> phase == Phase.RESTORE_PROPOSED
                            && accept.proposal() == proposalSeq
                            && proposedBy.isPresent()
                            && !proposedBy.get().equals(entry.author())
                    ? OPEN
                    : this;
            case Message message -> this;
            case Call call -> this;
            case Answer answer -> this;
            case Missed missed -> this;
            case ScheduleProposal proposal -> this;
            case ScheduleAccept accept -> this;
        };
    }

    /** This station cut the line silently and has not yet moved to restore it: it answers nothing. */
    public boolean silentlyCutBy(StationId station) {
        return phase == Phase.SUSPENDED && silent && suspendedBy.map(station::equals).orElse(false);
    }

    /** This station cut the line (announced) and no restore is proposed: it refuses all but restore entries. */
    public boolean cutBy(StationId station) {
        return phase == Phase.SUSPENDED && suspendedBy.map(station::equals).orElse(false);
    }

    public String describe() {
        return switch (phase) {
            case OPEN -> "open";
            case SUSPENDED -> "suspended" + (silent ? " (silently)" : "");
            case RESTORE_PROPOSED -> "restore proposed";
        };
    }
}
