package org.hotline.checkin;

import org.hotline.protocol.ScheduleProposal;

/** From the signed schedule entry to the schedule this station follows. */
public final class Schedules {
    private Schedules() {}

    public static Schedule of(ScheduleProposal proposal) {
        return new Schedule(proposal.crons(), Schedule.zone(proposal.zone()), CallerRule.parse(proposal.caller()), proposal.kind(),
                proposal.window(), proposal.from());
    }
}
