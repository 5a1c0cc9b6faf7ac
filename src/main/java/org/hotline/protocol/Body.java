package org.hotline.protocol;

/**
 * What an entry says. A closed set: a receiver refuses a type it does not know, so every switch
 * over it is exhaustive and a new type breaks the build where it must be handled.
 */
public sealed interface Body permits Message {
    /** The {@code type} field on the wire. */
    String type();
}
