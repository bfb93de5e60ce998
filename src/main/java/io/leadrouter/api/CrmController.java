package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadrouter.ledger.DeadLetters;
import io.leadrouter.ledger.Outbox;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where each CRM's write-back stands, for admins: writes waiting, paused writer (or stopped by the CRM's API limit) and
 * why, circuit, open dead letters.
 */
@RestController
@Tag(name = "crm")
@RequestMapping(path = "/api/crm", produces = MediaType.APPLICATION_JSON_VALUE)
public class CrmController {
    private static final List<String> CRMS = List.of("salesforce", "hubspot");

    private final Outbox outbox;
    private final DeadLetters deadLetters;
    private final Circuits circuits;

    public CrmController(Outbox outbox, DeadLetters deadLetters, Circuits circuits) {
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.circuits = circuits;
    }

    /** Each enabled CRM writer's circuit breaker state (CLOSED, OPEN, HALF_OPEN), by CRM. */
    @FunctionalInterface
    public interface Circuits {
        Map<String, String> states();
    }

    @GetMapping
    public Map<String, Object> status(HttpServletRequest request) {
        RepController.requireAdmin(request);
        Map<String, Outbox.Pause> pauses = outbox.pauses();
        Map<String, Object> crms = new LinkedHashMap<>();
        for (String crm : CRMS) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("pending", outbox.depth(crm));
            Outbox.Pause pause = pauses.get(crm);
            view.put("paused", pause != null && !pause.limited());
            view.put("limited", pause != null && pause.limited());
            if (pause != null) {
                view.put(pause.limited() ? "limitedSince" : "pausedSince", pause.since().toString());
                view.put("reason", pause.reason());
                view.put("nextProbe", pause.nextProbe().toString());
            }
            view.put("openDeadLetters", deadLetters.list(crm, true, 500).size());
            String circuit = circuits.states().get(crm);
            if (circuit != null) {
                view.put("circuit", circuit);
            }
            crms.put(crm, view);
        }
        return Map.of("crms", crms);
    }
}
