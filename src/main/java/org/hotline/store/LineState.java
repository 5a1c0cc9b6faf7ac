package org.hotline.store;

/** The declared state of a line, as its own station sees it. */
public enum LineState {
    OPEN
}
