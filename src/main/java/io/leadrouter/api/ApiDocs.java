package io.leadrouter.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of the admin, rep and partner API (springdoc reads the controllers): served at
 * {@code /api/openapi}, browsable with Swagger UI at {@code /api/docs}. Every call needs a bearer token.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "leadrouter API", version = "v1", license = @License(name = "Apache-2.0"),
                description = "Admin, rep and partner API of leadrouter. Send `Authorization: Bearer <token>`: the admin"
                        + " token (env LEADROUTER_ADMIN_TOKEN or data/admin-token) may call every admin endpoint; a rep or"
                        + " partner token (POST /api/reps/{repId}/tokens) only the rep and partner endpoints, acting for"
                        + " itself. Errors are always {\"errors\":[{\"field\",\"message\"}]}."),
        security = @SecurityRequirement(name = ApiDocs.BEARER),
        tags = {
                @Tag(name = "leads", description = "Lead search, a lead's full story, assignments"),
                @Tag(name = "reps", description = "Reps: availability, capacity, tokens, audit (admin)"),
                @Tag(name = "rep work", description = "What a rep does: claim, release, touch, done (rep token)"),
                @Tag(name = "queues", description = "Pull queues: depth for admins, cherry-pick and claim for reps"),
                @Tag(name = "partners", description = "Offers to partners, without personal data until accepted"),
                @Tag(name = "board", description = "Live updates for the pull board"),
                @Tag(name = "rejections", description = "Submissions that did not map, and their replay (admin)"),
                @Tag(name = "dead letters", description = "CRM writes refused for good, and their replay (admin)"),
                @Tag(name = "crm", description = "Write-back state per CRM (admin)"),
                @Tag(name = "policy", description = "The distribution policy and the what-if simulation (admin)"),
                @Tag(name = "overview", description = "Aggregates for the console's overview (admin)")})
@SecurityScheme(name = ApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The admin token, or a rep / partner token issued by POST /api/reps/{repId}/tokens")
public class ApiDocs {
    static final String BEARER = "bearer";
}
