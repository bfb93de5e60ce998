package io.leadrouter.pipeline;

import io.leadrouter.intake.PayloadEnricher;

/** A bean that completes the events of one source from its vendor's API before mapping (see {@link PayloadEnricher}). */
public record SourceEnricher(String sourceId, PayloadEnricher enricher) {
}
