package io.leadrouter.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CRMs' rosters, for admins: per synced CRM when it was fetched, the last failure, and the reps of the policy it
 * does not know as active users (they get no leads written to it); a refresh syncs now (after deactivating a user).
 */
@RestController
@RequestMapping(path = "/api/crm/roster", produces = MediaType.APPLICATION_JSON_VALUE)
public class CrmRosterController {
    private final Rosters rosters;

    public CrmRosterController(Rosters rosters) {
        this.rosters = rosters;
    }

    /** The synced CRMs' rosters as admins see them. */
    public interface Rosters {
        /** CRM → {fetchedAt, lastAttemptAt, lastError, users, activeUsers, unknownReps: [{repId, crmUserId, status}]}. */
        Map<String, Object> report();

        /** Syncs every synced CRM now (a failure is recorded, not thrown). */
        void refresh();
    }

    @GetMapping
    public Map<String, Object> roster(HttpServletRequest request) {
        RepController.requireAdmin(request);
        return Map.of("crms", rosters.report());
    }

    @PostMapping("/refresh")
    public Map<String, Object> refresh(HttpServletRequest request) {
        RepController.requireAdmin(request);
        rosters.refresh();
        return Map.of("crms", rosters.report());
    }
}
