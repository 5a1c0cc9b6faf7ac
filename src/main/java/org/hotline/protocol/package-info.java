/**
 * The Hotline protocol: entries, their exact signed bytes, hash chains, delivery receipts and
 * checkpoints. Pure computation, no I/O, so that an auditor's verifier can use this package alone.
 */
package org.hotline.protocol;
