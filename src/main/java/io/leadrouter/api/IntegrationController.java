package io.leadrouter.api;

import io.leadrouter.ledger.AuditLog;
import io.leadrouter.ledger.RepTokens;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API for integration tokens: a system that submits and reads leads (a data warehouse, a form backend, a
 * support tool) gets its own token, shown once and stored hashed, that may read leads and rejections and replay
 * rejections, and nothing else.
 */
@RestController
@Tag(name = "integrations")
@RequestMapping(path = "/api/integrations", produces = MediaType.APPLICATION_JSON_VALUE)
public class IntegrationController {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final RepTokens tokens;
    private final AuditLog audit;

    public IntegrationController(RepTokens tokens, AuditLog audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @PostMapping("/{name}/tokens")
    public ResponseEntity<Map<String, Object>> issue(@PathVariable String name,
            @RequestBody(required = false) RepController.TokenRequest body, HttpServletRequest request) {
        ApiPrincipal who = RepController.requireAdmin(request);
        checkName(name);
        RepTokens.Issued issued = tokens.issueIntegration(name, RepController.TokenRequest.labelOf(body), who.actor());
        audit.record(who.actor(), "token-issued", "integration:" + name, "token " + issued.info().id());
        return RepController.issuedAnswer(issued, "integration");
    }

    @GetMapping("/{name}/tokens")
    public Map<String, Object> list(@PathVariable String name, HttpServletRequest request) {
        RepController.requireAdmin(request);
        checkName(name);
        return Map.of("tokens", tokens.listIntegration(name).stream().map(IntegrationController::view).toList());
    }

    @DeleteMapping("/{name}/tokens/{tokenId}")
    public ResponseEntity<Void> revoke(@PathVariable String name, @PathVariable String tokenId, HttpServletRequest request) {
        ApiPrincipal who = RepController.requireAdmin(request);
        checkName(name);
        if (!tokens.revokeIntegration(name, tokenId, who.actor())) {
            throw ApiException.notFound("tokenId", "integration " + name + " has no live token '" + tokenId + "'");
        }
        audit.record(who.actor(), "token-revoked", "integration:" + name, "token " + tokenId);
        return ResponseEntity.noContent().build();
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name", "an integration name is 1-64 lower-case letters, digits and dashes,"
                    + " starting with a letter or digit");
        }
    }

    private static Map<String, Object> view(RepTokens.TokenInfo t) {
        return RepController.tokenView(t, "integration");
    }
}
