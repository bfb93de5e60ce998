package io.leadrouter.distribution;

/** What a matching rule does with the lead (the rule's {@code then:}). */
public sealed interface Action permits Push {
}
