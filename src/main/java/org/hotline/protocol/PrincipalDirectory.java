package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One station's principals and their keys as its chain on a line declares them, folded from its
 * {@code principal-key} entries in seq order. A name's first entry must be a first announcement;
 * every later one must be a rotation signed by the key then current. Anything else is refused
 * with a reason and changes nothing. Pure: it reads entries, nothing else.
 */
public final class PrincipalDirectory {
    /** One key of a principal, valid from the entry that announced it until the one that rotated it out. */
    public record KeySpan(String name, int generation, VerifyingKey signing, SealingPublicKey sealing, long fromSeq, OptionalLong untilSeq) {
        public KeySpan {
            requireNonNull(name, "name is null");
            requireNonNull(signing, "signing is null");
            requireNonNull(sealing, "sealing is null");
            requireNonNull(untilSeq, "untilSeq is null");
        }

        public String fingerprint() {
            return PrincipalKey.fingerprint(signing, sealing);
        }

        public boolean current() {
            return untilSeq.isEmpty();
        }
    }

    /** A {@code principal-key} entry that declared nothing, and why. */
    public record Refused(long seq, String name, String reason) {}

    private final Map<String, List<KeySpan>> spans;
    private final List<Refused> refused;

    private PrincipalDirectory(Map<String, List<KeySpan>> spans, List<Refused> refused) {
        this.spans = spans;
        this.refused = refused;
    }

    /** Folds one author's entries (any types, in seq order; only {@code principal-key} ones count). */
    public static PrincipalDirectory fold(List<Entry> chain) {
        Map<String, List<KeySpan>> spans = new LinkedHashMap<>();
        List<Refused> refused = new ArrayList<>();
        for (Entry entry : chain) {
            if (!(entry.body() instanceof PrincipalKey key)) {
                continue;
            }
            List<KeySpan> history = spans.get(key.name());
            KeySpan current = history == null ? null : history.getLast();
            if (current == null) {
                if (key.rotation().isPresent()) {
                    refused.add(new Refused(entry.seq(), key.name(), "a rotation of " + key.name() + ", whose keys were never announced"));
                    continue;
                }
                history = new ArrayList<>();
                spans.put(key.name(), history);
                history.add(new KeySpan(key.name(), 1, key.signing(), key.sealing(), entry.seq(), OptionalLong.empty()));
                continue;
            }
            if (key.rotation().isEmpty()) {
                refused.add(new Refused(entry.seq(), key.name(), "a second first announcement for " + key.name()
                        + "; keys change only by a rotation signed by the current key"));
                continue;
            }
            if (!key.rotation().get().previous().equals(current.signing())) {
                refused.add(new Refused(entry.seq(), key.name(), "a rotation of " + key.name() + " signed by a key that is not its current one"
                        + " (generation " + current.generation() + ", fingerprint " + current.fingerprint() + ")"));
                continue;
            }
            boolean reused = history.stream().anyMatch(span -> span.signing().equals(key.signing()));
            if (reused) {
                refused.add(new Refused(entry.seq(), key.name(), "a rotation of " + key.name() + " back to a key it already retired"));
                continue;
            }
            history.set(history.size() - 1, new KeySpan(current.name(), current.generation(), current.signing(), current.sealing(),
                    current.fromSeq(), OptionalLong.of(entry.seq())));
            history.add(new KeySpan(key.name(), current.generation() + 1, key.signing(), key.sealing(), entry.seq(), OptionalLong.empty()));
        }
        spans.replaceAll((name, history) -> List.copyOf(history));
        return new PrincipalDirectory(java.util.Collections.unmodifiableMap(spans), List.copyOf(refused));
    }

    /** Each principal's current key, by name in order of first announcement. */
    public List<KeySpan> current() {
        return spans.values().stream().map(List::getLast).toList();
    }

    public Optional<KeySpan> current(String name) {
        List<KeySpan> history = spans.get(name);
        return history == null ? Optional.empty() : Optional.of(history.getLast());
    }

    /** Every key the principal has had, oldest first. */
    public List<KeySpan> history(String name) {
        return spans.getOrDefault(name, List.of());
    }

    public List<Refused> refused() {
        return refused;
    }

    /** Whether {@code key} was {@code name}'s key for an entry at {@code seq} of the same chain; else why not. */
    public sealed interface Check permits Valid, Invalid {}

    public record Valid(KeySpan span) implements Check {}

    public record Invalid(String reason) implements Check {}

    public Check keyAt(String name, VerifyingKey key, long seq) {
        List<KeySpan> history = spans.get(name);
        if (history == null) {
            return new Invalid("no keys were ever announced for principal " + name);
        }
        for (KeySpan span : history) {
            if (!span.signing().equals(key)) {
                continue;
            }
            if (span.fromSeq() >= seq) {
                return new Invalid("signed with a key of " + name + " announced only later, at #" + span.fromSeq());
            }
            if (span.untilSeq().isPresent() && span.untilSeq().getAsLong() < seq) {
                return new Invalid("signed with a key of " + name + " that was rotated out at #" + span.untilSeq().getAsLong()
                        + " (generation " + span.generation() + ", fingerprint " + span.fingerprint() + ")");
            }
            return new Valid(span);
        }
        return new Invalid("signed with a key that was never announced for principal " + name);
    }
}
