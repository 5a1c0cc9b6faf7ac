package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A line's declared state, made by its control entries: open; suspended by one side (announced
 * or silent); or with a restore proposed. It depends only on which control entries there are,
 * never on the order a station stored them in, so two stations holding the same entries declare
 * the same state even when cuts and proposals crossed.
 *
 * <p>The rule: a completed restore (a proposal by P at seq p, accepted by A at seq a naming p)
 * clears every cut P wrote before p and every cut A wrote before a, since each side knew its own
 * cuts when it proposed or accepted. The line is suspended while any cut is not cleared; a
 * proposal no one has accepted yet makes it "restore proposed".
 */
public record DeclaredState(
        Phase phase,
        Optional<StationId> suspendedBy,
        boolean silent,
        Optional<Instant> since,
        String reason,
        Optional<StationId> proposedBy,
        long proposalSeq,
        List<Entry> activeCuts,
        List<Entry> controls) {

    public enum Phase {
        OPEN,
        SUSPENDED,
        RESTORE_PROPOSED
    }

    public static final DeclaredState OPEN = new DeclaredState(Phase.OPEN, Optional.empty(), false, Optional.empty(), "",
            Optional.empty(), 0, List.of(), List.of());

    public DeclaredState {
        requireNonNull(phase, "phase is null");
        requireNonNull(suspendedBy, "suspendedBy is null");
        requireNonNull(since, "since is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(proposedBy, "proposedBy is null");
        activeCuts = List.copyOf(activeCuts);
        controls = List.copyOf(controls);
    }

    public boolean isOpen() {
        return phase == Phase.OPEN;
    }

    /** The state once {@code entry} is also known; entries that change nothing leave it as it is. */
    public DeclaredState apply(Entry entry) {
        if (!entry.body().isControl()) {
            return this;
        }
        for (Entry known : controls) {
            if (known.author().equals(entry.author()) && known.seq() == entry.seq()) {
                return this;
            }
        }
        List<Entry> all = new ArrayList<>(controls);
        all.add(entry);
        return of(all);
    }

    /** The state the given control entries make, in whatever order they come. */
    public static DeclaredState of(List<Entry> controls) {
        List<Entry> cuts = new ArrayList<>();
        List<Entry> pending = new ArrayList<>();
        for (Entry entry : controls) {
            switch (entry.body()) {
                case Suspend suspend -> cuts.add(entry);
                case RestoreProposal proposal -> pending.add(entry);
                default -> {
                    // accepts are matched below
                }
            }
        }
        for (Entry accept : controls) {
            if (!(accept.body() instanceof RestoreAccept restoreAccept)) {
                continue;
            }
            for (Entry proposal : List.copyOf(pending)) {
                if (!proposal.author().equals(accept.author()) && proposal.seq() == restoreAccept.proposal()) {
                    pending.remove(proposal);
                    cuts.removeIf(cut -> cut.author().equals(proposal.author()) ? cut.seq() < proposal.seq() : cut.seq() < accept.seq());
                }
            }
        }
        // A proposal older than a cut its author wrote after it no longer stands.
        pending.removeIf(proposal -> cuts.isEmpty()
                || cuts.stream().anyMatch(cut -> cut.author().equals(proposal.author()) && cut.seq() > proposal.seq()));
        if (cuts.isEmpty()) {
            return new DeclaredState(Phase.OPEN, Optional.empty(), false, Optional.empty(), "", Optional.empty(), 0, List.of(), controls);
        }
        Entry cut = cuts.stream().max(Comparator.comparing(Entry::at).thenComparing(Entry::seq)).orElseThrow();
        Suspend suspend = (Suspend) cut.body();
        Optional<Entry> proposal = pending.stream().max(Comparator.comparing(Entry::at).thenComparing(Entry::seq));
        return new DeclaredState(proposal.isPresent() ? Phase.RESTORE_PROPOSED : Phase.SUSPENDED, Optional.of(cut.author()),
                !suspend.announced(), Optional.of(cut.at()), suspend.reason(), proposal.map(Entry::author),
                proposal.map(Entry::seq).orElse(0L), cuts, controls);
    }

    /**
     * This station holds a silent cut and has not yet moved to restore the line (no proposal
     * pending): it answers nothing on the line.
     */
    public boolean silentlyCutBy(StationId station) {
        return phase == Phase.SUSPENDED && activeCuts.stream()
                .anyMatch(cut -> cut.author().equals(station) && !((Suspend) cut.body()).announced());
    }

    /** This station holds a cut and no restore is proposed: it refuses all but what restores the line. */
    public boolean cutBy(StationId station) {
        return phase == Phase.SUSPENDED && activeCuts.stream().anyMatch(cut -> cut.author().equals(station));
    }

    public String describe() {
        return switch (phase) {
            case OPEN -> "open";
            case SUSPENDED -> "suspended" + (silent ? " (silently)" : "");
            case RESTORE_PROPOSED -> "restore proposed";
        };
    }

    @Override
    public String toString() {
        return "DeclaredState[" + describe() + ", " + controls.size() + " control entries]";
    }
}
