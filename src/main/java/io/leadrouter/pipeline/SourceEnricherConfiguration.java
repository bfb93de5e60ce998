package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.mapping.MappingCatalog;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The vendor-API enrichers of the shipped sources. Each demands its settings only while its source's mapping file
 * exists; without the file the source is unknown to intake and its enricher is never asked.
 */
@Configuration(proxyBeanMethods = false)
class SourceEnricherConfiguration {
    static final String DEFAULT_GRAPH_URL = "https://graph.facebook.com/v21.0";

    /** Meta Lead Ads: settings access-token (required, a Page access token with leads_retrieval) and graph-url. */
    @Bean
    SourceEnricher metaLeadgenEnricher(MappingCatalog mappings, LeadRouterProperties properties, ObjectMapper json) {
        String source = MetaLeadgenEnricher.SOURCE;
        if (mappings.find(source).isEmpty() || !properties.sourceConfigured(source)) {
            return new SourceEnricher(source, event -> event); // never called: the source is unknown or off
        }
        String token = properties.sourceSetting(source, "access-token");
        if (token == null) {
            throw new IllegalStateException("source '" + source + "' cannot start: setting 'access-token' is required — set property leadrouter.sources."
                    + source + ".access-token (command line, environment or a mounted Secret) to a Page access token with leads_retrieval");
        }
        String graphUrl = properties.sourceSetting(source, "graph-url");
        return new SourceEnricher(source, new MetaLeadgenEnricher(graphUrl == null ? DEFAULT_GRAPH_URL : graphUrl, token, json,
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }
}
