package org.hotline.console;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hotline.crypto.LetterSeal;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.letter.Letters;
import org.hotline.protocol.Hash;
import org.hotline.protocol.LetterRead;
import org.hotline.protocol.PrincipalDirectory;
import org.hotline.store.LineRecord;
import org.hotline.store.PrincipalKeyRecord;
import org.hotline.transcript.Submitted;
import org.hotline.user.Principals;

/**
 * Letters for the console. The station keeps each principal's keys locked under the principal's
 * passphrase; a principal who writes or opens a letter here types the passphrase, the keys are
 * unlocked for that one request and not kept, and the letter's text is never stored in clear.
 * (The passphrase does pass through the station process; the CLI unlocks on the principal's own
 * machine instead.)
 */
final class LetterDesk {
    private final Letters letters;
    private final Principals principals;
    private final Clock clock;
    private final PrincipalSecrets.Kdf kdf;
    private final org.hotline.user.Lockout passphrases;

    /**
     * {@code kdf} is the station's bounded Argon2 pool; {@code passphrases} locks a principal out
     * after repeated wrong passphrases, as logins are.
     */
    LetterDesk(Letters letters, Principals principals, Clock clock, PrincipalSecrets.Kdf kdf, org.hotline.user.Lockout passphrases) {
        this.letters = letters;
        this.principals = principals;
        this.clock = clock;
        this.kdf = kdf;
        this.passphrases = passphrases;
    }

    List<Letters.Envelope> envelopes(LineRecord line) {
        return letters.list(line);
    }

    /** The other side's principals this line knows keys of: whom a letter can go to. */
    List<String> recipients(LineRecord line) {
        return principals.directory(line, line.peerId()).current().stream().map(PrincipalDirectory.KeySpan::name).toList();
    }

    boolean hasKeys(String user) {
        return principals.ours().stream().anyMatch(key -> key.name().equals(user));
    }

    /** Writes, signs and seals a letter from {@code user}; whether it is in the chain or waits for a restore. */
    Submitted write(LineRecord line, String user, String to, String subject, boolean privateSubject, String lang, String text,
            Optional<Hash> replyTo, char[] passphrase) {
        PrincipalDirectory.KeySpan recipient = principals.directory(line, line.peerId()).current(to)
                .orElseThrow(() -> new HotlineException(ErrorCode.BAD_REQUEST, "the other side has announced no principal called " + to));
        PrincipalSecrets secrets = unlock(principals.current(user), passphrase);
        try {
            return letters.send(line, LetterSeal.write(line.id(), new LetterSeal.Draft(user, to, clock.instant(), subject, privateSubject,
                    replyTo, lang, text), secrets, recipient.sealing()));
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    /** A letter opened for the principal it is addressed to. */
    record OpenLetter(Letters.Found found, String subject, String text, String keyCheck, boolean valid) {}

    OpenLetter open(LineRecord line, long seq, String user, char[] passphrase) {
        Letters.Found found = letters.theirs(line, seq);
        if (!found.letter().to().equals(user)) {
            Arrays.fill(passphrase, '\0');
            throw new HotlineException(ErrorCode.FORBIDDEN, "the letter is for " + found.letter().to() + ", not " + user);
        }
        PrincipalSecrets secrets = unlock(principals.bySealingKey(user, found.letter().recipientKey()), passphrase);
        return switch (LetterSeal.open(line.id(), found.letter(), secrets)) {
            case LetterSeal.Refused refused -> throw new HotlineException(ErrorCode.CONFLICT, "REJECTED: " + refused.reason());
            case LetterSeal.Opened opened -> {
                boolean valid = found.keyCheck() instanceof PrincipalDirectory.Valid;
                String check = switch (found.keyCheck()) {
                    case PrincipalDirectory.Valid v -> "valid: " + v.span().name() + "'s key generation " + v.span().generation();
                    case PrincipalDirectory.Invalid invalid -> "REJECTED: " + invalid.reason();
                };
                boolean readBefore = letters.list(line).stream()
                        .anyMatch(envelope -> !envelope.mine() && envelope.seq() == seq && envelope.readAt().isPresent());
                if (valid && !readBefore) {
                    // One signed read receipt per letter, however often it is opened again.
                    letters.markRead(line, seq, LetterRead.sign(found.entry().hash(), user, secrets.signing()));
                }
                yield new OpenLetter(found, opened.subject(), opened.text(), check, valid);
            }
        };
    }

    private PrincipalSecrets unlock(PrincipalKeyRecord key, char[] passphrase) {
        try {
            passphrases.check(key.name());
            PrincipalSecrets opened = PrincipalSecrets.unlock(key.locked(), key.name(), key.signing(), key.sealing(), passphrase, kdf);
            passphrases.succeeded(key.name());
            return opened;
        } catch (PrincipalSecrets.WrongPassphraseException e) {
            passphrases.failed(key.name());
            throw new HotlineException(ErrorCode.FORBIDDEN, "wrong passphrase for " + key.name() + "'s keys");
        } catch (org.hotline.crypto.Passwords.CostTooHighException e) {
            throw new HotlineException(ErrorCode.CONFLICT, key.name() + "'s locked key is refused: " + e.getMessage());
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
