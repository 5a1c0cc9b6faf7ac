package org.hotline.line;

import org.hotline.protocol.Answer;
import org.hotline.protocol.Body;
import org.hotline.protocol.Call;
import org.hotline.protocol.Message;
import org.hotline.protocol.Letter;
import org.hotline.protocol.LetterRead;
import org.hotline.protocol.Missed;
import org.hotline.protocol.StatementDraft;
import org.hotline.protocol.Cosign;
import org.hotline.protocol.PrincipalKey;
import org.hotline.protocol.RestoreAccept;
import org.hotline.protocol.RestoreProposal;
import org.hotline.protocol.ScheduleAccept;
import org.hotline.protocol.ScheduleProposal;
import org.hotline.protocol.Suspend;

/** One line of plain words for an entry that is not a message, for transcripts and timelines. */
public final class EntryDescriptions {
    private EntryDescriptions() {}

    public static String describe(Body body) {
        return switch (body) {
            case Message message -> message.text();
            case Call call -> "check-in call (" + call.kind().wireName() + ") scheduled for " + call.scheduled()
                    + ", answer within " + call.window().toSeconds() + " s";
            case Answer answer -> "answered call #" + answer.call() + " (" + answer.by() + ", after " + answer.latencyMillis() + " ms)";
            case Missed missed -> "call #" + missed.call() + " was not answered";
            case Suspend suspend -> (suspend.announced() ? "cut the line" : "cut the line silently")
                    + (suspend.reason().isBlank() ? "" : ": " + suspend.reason());
            case RestoreProposal proposal -> "proposed to restore the line" + (proposal.note().isBlank() ? "" : ": " + proposal.note());
            case RestoreAccept accept -> "accepted restore proposal #" + accept.proposal() + "; the line is open again";
            case ScheduleProposal proposal -> "proposed check-in schedule " + String.join(" | ", proposal.crons()) + " " + proposal.zone()
                    + ", " + proposal.kind().wireName() + ", answer within " + proposal.window().toSeconds() + " s, caller "
                    + (proposal.caller().equals(ScheduleProposal.ALTERNATE) ? "alternating" : proposal.caller().substring(0, 8));
            case ScheduleAccept accept -> "agreed to check-in schedule #" + accept.proposal();
            case PrincipalKey key -> (key.rotation().isPresent() ? "rotated the keys of principal " : "announced the keys of principal ")
                    + key.name() + ", fingerprint " + key.fingerprint();
            case Letter letter -> "sealed letter from " + letter.from() + " to " + letter.to()
                    + letter.subject().map(subject -> ": " + subject).orElse(" (private subject)");
            case LetterRead read -> read.by() + " read letter " + read.letter().hex().substring(0, 12);
            case StatementDraft draft -> "drafted a joint statement: " + draft.title();
            case Cosign cosign -> cosign.principal() + " co-signed joint statement draft " + cosign.draft().hex().substring(0, 12);
        };
    }
}
