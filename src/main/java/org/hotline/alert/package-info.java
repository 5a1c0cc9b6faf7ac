/**
 * Alerts: the few events an operator on watch must hear about at once (a missed call, a link down
 * too long, a cut by the peer, an equivocation, a flash message), told through every channel the
 * station has (the log, the API's live event stream, a signed webhook, mail). {@link
 * org.hotline.alert.Alerts} is the one entry point; each channel is an {@link
 * org.hotline.alert.AlertSink} with its own queue and thread, so a dead mail server or webhook
 * receiver can neither slow the line's work nor silence the other channels.
 */
package org.hotline.alert;
