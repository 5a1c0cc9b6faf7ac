package org.hotline.console;

import java.util.List;
import java.util.Optional;
import org.hotline.checkin.RingingCall;
import org.hotline.line.EntryView;
import org.hotline.line.HistoryItem;
import org.hotline.line.LineSummary;
import org.hotline.line.TranscriptPage;

/** What each console template is given: one record per page or fragment. */
public final class Views {
    private Views() {}

    /** Who is signed in, and what the page may offer them. */
    public record User(String name, String role, boolean maySend, boolean mayCut) {}

    /** What every page shows: words, the user, the form token, the calls ringing now. */
    public record Page(Texts t, String title, Optional<User> user, String csrf, List<RingingCall> ringing, String path,
            Optional<String> notice) {}

    /** The sign-in page names the station, so a user with consoles of several stations open signs in to the right one. */
    public record Login(Page page, boolean failed, String stationName, String stationId) {}

    public record Board(Page page, List<LineSummary> lines) {}

    public record Person(String name, String role, boolean builtIn) {}

    public record TokenRow(String id, String name, String user, String role, String expires) {}

    public record People(Page page, List<Person> people, List<TokenRow> tokens) {}

    public record Line(Page page, LineSummary line, List<EntryView> entries, Optional<TranscriptPage.CheckpointView> checkpoint,
            List<HistoryItem> timeline, List<TranscriptPage.WaitingView> waiting) {}

    /** The letters on a line: envelopes for everyone, a writing form for principals with keys. */
    public record LetterList(Page page, LineSummary line, List<org.hotline.letter.Letters.Envelope> envelopes, List<String> recipients,
            boolean mayWrite, String user) {}

    /** One letter from the other side: the passphrase form, or the letter opened. */
    public record LetterPage(Page page, LineSummary line, long seq, String from, String to, java.time.Instant date,
            Optional<String> subject, Optional<Opened> opened) {}

    public record Opened(String subject, String text, String keyCheck, boolean valid) {}

    /** Published statements, each with whether its signatures check out. */
    public record StatementList(Page page, List<PublishedStatement> statements, List<Joint> joint) {}

    /** A joint statement: the text both sides' principals co-signed, and who signed. */
    public record Joint(String title, String lang, String text, String textHash, List<String> signers, java.time.Instant cosigned) {}

    public record PublishedStatement(String id, String title, String principal, String station, java.time.Instant published, String lang,
            String text, int quotes, String signer, String verdict, boolean valid) {}

    /** A cut or a restore, asked once more with its consequence spelled out. */
    public record Confirm(Page page, LineSummary line, String action, String question, String consequence, String button) {}
}
