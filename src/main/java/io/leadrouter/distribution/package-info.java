/**
 * The distribution engine: loads and validates {@code policy/distribution.yaml} and decides, for each lead, which
 * rule applies and which rep gets it, with a trace that explains why. Plain Java (no Spring, no Camel); time comes
 * from an injected Clock and shared state (the round-robin cursor) through the {@link io.leadrouter.distribution.RoundRobinState} port.
 */
package io.leadrouter.distribution;
