/**
 * Check-ins: each line's schedule of test calls, who places each call, and how long the other side
 * has to answer. {@link org.hotline.checkin.Schedule} holds the rules, including how daylight-saving
 * changes are handled. Pure computation: time is always passed in, never read from a clock.
 */
package org.hotline.checkin;
