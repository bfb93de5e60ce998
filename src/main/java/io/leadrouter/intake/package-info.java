/**
 * Channel-neutral intake: what arrived on a channel (the exact bytes and the headers a mapping may need), whether
 * it is authentic, and the outcome each channel's kamelet turns into its own answer. Plain Java: no Spring, no
 * Camel, no HTTP status codes.
 */
package io.leadrouter.intake;
