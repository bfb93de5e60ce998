/**
 * The canonical lead: immutable records whose invariants (canonical email, E.164 phone, ISO country) hold
 * for every instance. Plain Java only, so every other module can depend on it.
 */
package io.leadrouter.lead;
