/**
 * The distribution engine: the policy (loaded from {@code policy/distribution.yaml}, checked against its JSON Schema
 * and its examples) and the pure decisions under it — push, pull and ladders, caps, availability and the fairness
 * ledger — plus {@link io.leadrouter.distribution.LeadFlow}, the rules of a lead's life after its first decision.
 * Plain Java (no Spring, no Camel): time comes from an injected Clock, shared state through the
 * {@link io.leadrouter.distribution.DistributionState} port, and every decision returns the state changes it made.
 */
package io.leadrouter.distribution;
