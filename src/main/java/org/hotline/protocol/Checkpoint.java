package org.hotline.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.util.encoders.Base32;

/**
 * An agreed checkpoint: two heads, one per author, that both authors have signed together. An
 * author signs a pair of heads either in an entry (the entry is its head and its {@code seen}
 * names the other's head) or in a delivery receipt (it names the other's head it acknowledges
 * and its own head at the time). When each author has signed the same pair, both chains up to
 * those heads are fixed for both sides; the digest is shown to both operators like a safety
 * number.
 */
public record Checkpoint(LineId line, StationId firstAuthor, Head firstHead, StationId secondAuthor, Head secondHead) {
    public Checkpoint {
        requireNonNull(line, "line is null");
        requireNonNull(firstAuthor, "firstAuthor is null");
        requireNonNull(firstHead, "firstHead is null");
        requireNonNull(secondAuthor, "secondAuthor is null");
        requireNonNull(secondHead, "secondHead is null");
        if (firstAuthor.compareTo(secondAuthor) >= 0) {
            throw new IllegalArgumentException("authors must be in order and distinct");
        }
    }

    /** The checkpoint two heads make, whichever author is named first. */
    public static Checkpoint of(LineId line, StationId author, Head head, StationId otherAuthor, Head otherHead) {
        return author.compareTo(otherAuthor) < 0
                ? new Checkpoint(line, author, head, otherAuthor, otherHead)
                : new Checkpoint(line, otherAuthor, otherHead, author, head);
    }

    /**
     * The checkpoint a receipt makes, if the acknowledged entry's {@code seen} is exactly the
     * signer's own head named in the receipt.
     */
    public static Optional<Checkpoint> fromReceipt(Receipt receipt, Head seenOfAcknowledged) {
        if (!receipt.own().equals(seenOfAcknowledged)) {
            return Optional.empty();
        }
        return Optional.of(of(receipt.line(), receipt.of(), receipt.head(), receipt.by(), receipt.own()));
    }

    public Hash digest() {
        String text = "hotline/checkpoint/v1\n" + line.value() + "\n"
                + firstAuthor.value() + " " + describe(firstHead) + "\n"
                + secondAuthor.value() + " " + describe(secondHead) + "\n";
        return Hash.sha256(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The first 100 bits of the digest in base32, grouped for reading aloud. */
    public String displayDigest() {
        String encoded = Base32.toBase32String(digest().bytes()).substring(0, 20);
        return encoded.substring(0, 5) + "-" + encoded.substring(5, 10) + "-" + encoded.substring(10, 15) + "-" + encoded.substring(15, 20);
    }

    public Head headOf(StationId author) {
        if (author.equals(firstAuthor)) {
            return firstHead;
        }
        if (author.equals(secondAuthor)) {
            return secondHead;
        }
        throw new IllegalArgumentException(author.shortForm() + " is not an author of this line");
    }

    private static String describe(Head head) {
        return head.seq() + " " + head.hash().map(Hash::hex).orElse("-");
    }
}
