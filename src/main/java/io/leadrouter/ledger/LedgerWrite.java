package io.leadrouter.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one transaction stores about leads' lives: decisions, new positions, history events, CRM writes and
 * the shared-state changes (rep load, fairness ledger, last turns, sticky owners). Built by the caller, written
 * by {@link LeadLedger} in the transaction that read the snapshot.
 */
public final class LedgerWrite {
    /** One decision to append. */
    public record DecisionRow(String leadId, String outcome, String decisionJson, Instant decidedAt) {
    }

    /** One history event to append. */
    public record EventRow(String leadId, Instant at, String type, String actor, String reason) {
    }

    /** One CRM write to queue; {@code replace}: drop any not yet sent for the same lead and CRM first. */
    public record OutboxRow(String leadId, String crm, String payloadJson, boolean replace) {
    }

    /**
     * One notification to send: {@code channel} slack or email, {@code recipient} the webhook URL or address; the
     * link to the lead is added when it is sent (the CRM record may be known by then).
     */
    public record NotificationRow(String leadId, String crm, String channel, String recipient, String subject, String body) {
    }

    final List<NotificationRow> notifications = new ArrayList<>();
    final List<DecisionRow> decisions = new ArrayList<>();
    final Map<String, LeadStateRow> positions = new LinkedHashMap<>();
    final java.util.Set<String> newPositions = new java.util.HashSet<>();
    final List<EventRow> events = new ArrayList<>();
    final List<OutboxRow> outbox = new ArrayList<>();
    final Map<String, int[]> openDeltas = new LinkedHashMap<>();
    final Map<String, Map<LocalDate, Integer>> dayDeltas = new LinkedHashMap<>();
    /** Team id → rep id → {entitlement, received} deltas; nested, so no key is built per rep and lead. */
    final Map<String, Map<String, double[]>> standingDeltas = new LinkedHashMap<>();
    final Map<String, String> lastTurns = new LinkedHashMap<>();
    final Map<String, Long> turns = new LinkedHashMap<>();
    final Map<String, String> owners = new LinkedHashMap<>();
    final Map<String, String> merges = new LinkedHashMap<>();

    /** {@code leadId} is the same person as {@code intoLeadId} again: it is not decided; the earlier lead carries on. */
    public void merge(String leadId, String intoLeadId) {
        merges.put(leadId, intoLeadId);
    }

    public void decision(DecisionRow row) {
        decisions.add(row);
    }

    /** The lead's new position; {@code first}: the lead has none stored yet (its first decision). */
    public void position(LeadStateRow row, boolean first) {
        positions.put(row.leadId(), row);
        if (first) {
            newPositions.add(row.leadId());
        }
    }

    public void event(EventRow row) {
        events.add(row);
    }

    public void notification(NotificationRow row) {
        notifications.add(row);
    }

    public void outbox(OutboxRow row) {
        outbox.add(row);
    }

    /** A rep's open leads change by {@code open}, and {@code received} more count on {@code day}. */
    public void load(String repId, LocalDate day, int open, int received) {
        openDeltas.computeIfAbsent(repId, r -> new int[1])[0] += open;
        if (received != 0) {
            dayDeltas.computeIfAbsent(repId, r -> new LinkedHashMap<>()).merge(day, received, Integer::sum);
        }
    }

    public void standing(String teamId, String repId, double entitlement, long received) {
        double[] d = standingDeltas.computeIfAbsent(teamId, t -> new LinkedHashMap<>()).computeIfAbsent(repId, r -> new double[2]);
        d[0] += entitlement;
        d[1] += received;
    }

    public void turn(String teamId, String repId) {
        lastTurns.put(teamId, repId);
        turns.merge(teamId, 1L, Long::sum);
    }

    public void owner(String stickyKey, String repId) {
        owners.put(stickyKey, repId);
    }
}
