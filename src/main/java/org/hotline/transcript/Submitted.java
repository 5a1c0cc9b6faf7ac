package org.hotline.transcript;

import static java.util.Objects.requireNonNull;

import org.hotline.protocol.SignedEntry;
import org.hotline.store.Draft;

/** What became of something written on a line: signed into the chain, or waiting as a draft while the line is suspended. */
public sealed interface Submitted {
    record Written(SignedEntry entry) implements Submitted {
        public Written {
            requireNonNull(entry, "entry is null");
        }
    }

    record Waiting(Draft draft) implements Submitted {
        public Waiting {
            requireNonNull(draft, "draft is null");
        }
    }
}
