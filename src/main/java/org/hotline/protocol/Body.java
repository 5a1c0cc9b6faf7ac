package org.hotline.protocol;

/**
 * What an entry says. A closed set: a receiver refuses a type it does not know, so every switch
 * over it is exhaustive and a new type breaks the build where it must be handled.
 */
public sealed interface Body permits Message, Call, Answer, Missed, Suspend, RestoreProposal, RestoreAccept, ScheduleProposal, ScheduleAccept,
        PrincipalKey, Letter, LetterRead, StatementDraft, Cosign {
    /** The {@code type} field on the wire. */
    String type();

    /** Entries that change the line's declared state; they travel even while a line is suspended. */
    default boolean isControl() {
        return switch (this) {
            case Suspend suspend -> true;
            case RestoreProposal proposal -> true;
            case RestoreAccept accept -> true;
            case Message message -> false;
            case Call call -> false;
            case Answer answer -> false;
            case Missed missed -> false;
            case ScheduleProposal proposal -> false;
            case ScheduleAccept accept -> false;
            // Like messages, key announcements wait out a cut in the outbox.
            case PrincipalKey key -> false;
            case Letter letter -> false;
            case LetterRead read -> false;
            case StatementDraft draft -> false;
            case Cosign cosign -> false;
        };
    }
}
