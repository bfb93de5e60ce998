package io.leadrouter.api;

import io.leadrouter.ledger.LeadRecord;
import io.leadrouter.ledger.LeadStateRow;
import io.leadrouter.ledger.LedgerWrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of a lead's position and history, shared by the admin, rep and partner views. */
final class LeadViews {
    private LeadViews() {
    }

    /** Where the lead stands: status, holder, queue, ladder step and the times that move it on. */
    static Map<String, Object> position(LeadStateRow p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", p.status());
        put(view, "ruleId", p.ruleId());
        put(view, "ladderId", p.ladderId());
        put(view, "step", p.step());
        put(view, "teamId", p.teamId());
        put(view, "repId", p.repId());
        put(view, "queueId", p.queueId());
        if (p.queueId() != null) {
            view.put("priority", p.priority());
        }
        put(view, "deadline", p.deadline() == null ? null : p.deadline().toString());
        put(view, "claimExpiresAt", p.claimExpiresAt() == null ? null : p.claimExpiresAt().toString());
        view.put("submittedAt", p.submittedAt().toString());
        put(view, "touchedAt", p.touchedAt() == null ? null : p.touchedAt().toString());
        return view;
    }

    /** The history, oldest first, starting with the submission itself. */
    static List<Map<String, Object>> history(LeadRecord r, List<LedgerWrite.EventRow> events) {
        List<Map<String, Object>> history = new ArrayList<>(events.size() + 1);
        history.add(event(r.receivedAt().toString(), "received", "source:" + r.sourceId(),
                "submitted through source '" + r.sourceId() + "'"));
        events.forEach(e -> history.add(event(e.at().toString(), e.type(), e.actor(), e.reason())));
        return history;
    }

    private static Map<String, Object> event(String at, String type, String actor, String reason) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", at);
        view.put("type", type);
        view.put("actor", actor);
        view.put("reason", reason);
        return view;
    }

    private static void put(Map<String, Object> view, String key, Object value) {
        if (value != null) {
            view.put(key, value);
        }
    }
}
