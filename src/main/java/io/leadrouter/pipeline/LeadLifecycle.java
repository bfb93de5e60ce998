package io.leadrouter.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.leadrouter.api.LeadActions;
import io.leadrouter.distribution.Decision;
import io.leadrouter.distribution.Distributor;
import io.leadrouter.distribution.FlowException;
import io.leadrouter.distribution.LeadContext;
import io.leadrouter.distribution.LeadEvent;
import io.leadrouter.distribution.LeadFlow;
import io.leadrouter.distribution.LeadPosition;
import io.leadrouter.distribution.LeadStatus;
import io.leadrouter.distribution.Queue;
import io.leadrouter.distribution.StateChange;
import io.leadrouter.distribution.StateOverlay;
import io.leadrouter.distribution.Transition;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.ledger.LeadStateRow;
import io.leadrouter.ledger.LedgerWrite;
import io.leadrouter.ledger.PendingLead;
import io.leadrouter.lead.Lead;
import io.leadrouter.mapping.MappingCatalog;
import io.leadrouter.mapping.SourceMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.leadrouter.ledger.LeadLog;
import io.leadrouter.ledger.PersonalDataRetention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import io.leadrouter.lead.LeadIdentity;
import java.util.function.BiFunction;

/**
 * Runs the lead flow over the ledger: decides pending leads in batches, sweeps due leads (deadlines, claim expiry,
 * held leads), and carries out rep and partner actions, each in one transaction that stores the {@link Transition}.
 */
public class LeadLifecycle implements LeadActions {
    private static final Logger LOG = LoggerFactory.getLogger(LeadLifecycle.class);

    private final LeadFlow flow;
    private final Distributor distributor;
    private final LeadLedger ledger;
    private final MappingCatalog mappings;
    private final DecisionJson json;
    private final List<String> teamIds;
    private final List<String> repIds;

    private final java.time.Duration sameLeadWindow;
    private NotificationComposer notifications;
    private CrmRosterView roster;
    private CrmStickyOwners crmOwners;
    private java.util.function.Predicate<String> returnOverLimitClaims = crm -> false;
    private LeadMetrics metrics;

    public LeadLifecycle(LeadFlow flow, Distributor distributor, LeadLedger ledger, MappingCatalog mappings, DecisionJson json) {
        this(flow, distributor, ledger, mappings, json, java.time.Duration.ZERO);
    }

    /** {@code sameLeadWindow}: the same person again within it becomes an event on their lead (zero = off). */
    public LeadLifecycle(LeadFlow flow, Distributor distributor, LeadLedger ledger, MappingCatalog mappings, DecisionJson json,
            java.time.Duration sameLeadWindow) {
        this.sameLeadWindow = sameLeadWindow;
        this.flow = flow;
        this.distributor = distributor;
        this.ledger = ledger;
        this.mappings = mappings;
        this.json = json;
        this.teamIds = List.copyOf(flow.policy().teamIds());
        List<String> reps = new ArrayList<>(flow.policy().reps().stream().map(r -> r.id()).toList());
        flow.policy().fallback().ifPresent(f -> reps.add(f.id()));
        this.repIds = List.copyOf(reps);
    }

    /** From now on, transitions queue notifications (in their own transaction) composed by {@code composer}. */
    public void notifyWith(NotificationComposer composer) {
        this.notifications = composer;
    }

    /**
     * Whether a claim taken inside {@code crm} over the queue's claim limit is returned to the queue (the CRM record's
     * owner set back to the queue through the outbox); reported either way.
     */
    public void returnOverLimitClaims(java.util.function.Predicate<String> crms) {
        this.returnOverLimitClaims = crms;
    }

    /** From now on, committed decisions and SLA breaches are counted in {@code metrics}. */
    public void measureWith(LeadMetrics metrics) {
        this.metrics = metrics;
    }

    /** A decision or SLA breach to count once its transaction has committed. */
    private record Measured(Decision decision, java.time.Instant receivedAt, boolean first, String breach) {
    }

    private void count(List<Measured> measured) {
        if (metrics == null) {
            return;
        }
        for (Measured m : measured) {
            if (m.decision() != null) {
                metrics.decided(m.decision(), m.receivedAt(), m.first());
            }
            if (m.breach() != null) {
                metrics.breached(m.breach());
            }
        }
    }

    private static String breach(Transition t) {
        for (LeadEvent e : t.events()) {
            if ("expired".equals(e.type())) {
                return "claim-expired";
            }
            if ("escalated".equals(e.type())) {
                return "step-ran-out";
            }
        }
        return null;
    }

    /** Queues the notifications {@code t} causes with its write; {@code previous}: the position before it, or null. */
    private void notify(LedgerWrite write, Transition t, LeadPosition previous, LeadContext context,
            io.leadrouter.distribution.DistributionState state) {
        if (notifications == null || context == null) {
            return;
        }
        List<io.leadrouter.distribution.Notice> notices = io.leadrouter.distribution.Notice.of(flow.policy(), previous, t,
                state, flow.clock().instant());
        if (!notices.isEmpty()) {
            notifications.rows(notices, context.lead(), context.crms().contains(io.leadrouter.distribution.Crms.SALESFORCE) ? io.leadrouter.distribution.Crms.SALESFORCE : context.crms().stream().findFirst().orElse(null)).forEach(write::notification);
        }
    }

    /**
     * From now on, decisions consult the CRMs' rosters (a rep whose CRM user is not active is passed over) and, when
     * {@code crmOwners} has lookups on, the CRMs' record owners as sticky owners; either may be null.
     */
    public void consultCrms(CrmRosterView roster, CrmStickyOwners crmOwners) {
        this.roster = roster;
        this.crmOwners = crmOwners;
    }

    /** Decides up to {@code max} pending leads; returns how many (0 = none waiting). */
    public int decidePending(int max) {
        long start = System.nanoTime();
        if (crmOwners != null && crmOwners.enabled() && flow.policy().usesSticky()) {
            // CRM calls happen here, before the decision's transaction; inside it the engine reads their cached answers
            List<LeadContext> upcoming = ledger.peekPending(max).stream().map(this::context)
                    .filter(c -> c != null && distributor.wantsStickyOwner(c.lead())).toList();
            crmOwners.prefetch(upcoming, c -> distributor.stickyKeys(c.lead()));
        }
        Map<String, Long> perRep = new TreeMap<>();
        List<Measured> measured = new ArrayList<>();
        int decided = ledger.decidePending(max, teamIds, repIds, batch -> {
            measured.clear();
            StateOverlay state = stateOf(batch);
            List<PendingLead> leads = batch.leads();
            // One thread reads, decides and renders the batch: splitting the per-lead reading and JSON writing over the
            // common pool cost more CPU in fork/join hand-offs (5 % of the service's CPU at 64 connections) than it
            // saved in latency, and under load the other cores are busy with intake anyway.
            List<LeadContext> contexts = leads.stream().map(this::context).toList();
            if (flow.policy().usesSticky()) {
                List<String> keys = new ArrayList<>();
                contexts.stream().filter(java.util.Objects::nonNull).forEach(c -> keys.addAll(distributor.stickyKeys(c.lead())));
                batch.loadOwners(keys);
            }
            Transition[] transitions = new Transition[leads.size()];
            LedgerWrite write = new LedgerWrite();
            Map<String, Map.Entry<String, java.time.Instant>> identities = sameLeadWindow.isZero() ? Map.of()
                    : new java.util.HashMap<>(batch.identities(contexts.stream().filter(java.util.Objects::nonNull)
                            .flatMap(c -> LeadIdentity.of(c.lead()).stream()).toList()));
            perRep.clear();
            for (int i = 0; i < leads.size(); i++) {
                PendingLead pending = leads.get(i);
                LeadContext context = contexts.get(i);
                if (context == null) {
                    continue;
                }
                try (LeadLog.Scope lead = LeadLog.lead(pending.leadId())) {
                    LeadStateRow previous = batch.position(pending.leadId());
                    if (previous == null && sameLeadWindow.compareTo(java.time.Duration.ZERO) > 0 && mergedIntoEarlier(write, identities, pending, context)) {
                        perRep.merge("merged", 1L, Long::sum);
                        continue;
                    }
                    Transition t = flow.decide(pending.leadId(), context, previous == null ? null : position(previous), state);
                    state.apply(t.changes());
                    transitions[i] = t;
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("decided: {} by rule {} to {}", t.position().status(), t.position().ruleId(),
                                t.position().repId() != null ? t.position().repId() : t.position().queueId());
                    }
                    perRep.merge(t.position().repId() == null ? t.position().status().name().toLowerCase()
                            : t.position().repId(), 1L, Long::sum);
                }
            }
            List<Rendered> rendered = java.util.stream.IntStream.range(0, leads.size())
                    .mapToObj(i -> transitions[i] == null ? null
                            : render(transitions[i], leads.get(i), contexts.get(i).crms())).toList();
            for (int i = 0; i < leads.size(); i++) {
                if (transitions[i] == null) {
                    continue;
                }
                try (LeadLog.Scope lead = LeadLog.lead(leads.get(i).leadId())) {
                    boolean first = batch.position(leads.get(i).leadId()) == null;
                    record(write, transitions[i], leads.get(i), contexts.get(i).crms(), first, rendered.get(i));
                    measured.add(new Measured(transitions[i].decision(), leads.get(i).receivedAt(), first, null));
                    LeadStateRow before = batch.position(leads.get(i).leadId());
                    notify(write, transitions[i], before == null ? null : position(before), contexts.get(i), state);
                }
            }
            return write;
        });
        count(measured);
        if (decided > 0 && LOG.isInfoEnabled()) {
            LOG.info("decided {} lead(s) in {} ms: {}", decided, (System.nanoTime() - start) / 1_000_000, perRep);
        }
        return decided;
    }

    /**
     * Whether this lead is the same person as an earlier lead received within the window: then it becomes an event
     * on that lead ("resubmitted"), is marked merged and is not decided. Otherwise its identity now points at it.
     */
    private boolean mergedIntoEarlier(LedgerWrite write, Map<String, Map.Entry<String, java.time.Instant>> identities,
            PendingLead pending, LeadContext context) {
        Optional<String> identity = LeadIdentity.of(context.lead());
        if (identity.isEmpty()) {
            return false;
        }
        Map.Entry<String, java.time.Instant> earlier = identities.get(identity.get());
        if (earlier != null && !earlier.getKey().equals(pending.leadId())
                && !pending.receivedAt().isAfter(earlier.getValue().plus(sameLeadWindow))) {
            write.merge(pending.leadId(), earlier.getKey());
            java.time.Instant now = flow.clock().instant();
            write.event(new LedgerWrite.EventRow(earlier.getKey(), now, "resubmitted", "source:" + pending.sourceId(),
                    "the same person submitted again (lead " + pending.leadId() + "); kept on this lead"));
            write.event(new LedgerWrite.EventRow(pending.leadId(), now, "merged", "source:" + pending.sourceId(),
                    "the same person as lead " + earlier.getKey() + ", received " + earlier.getValue() + "; not routed again"));
            return true;
        }
        // Leads later in this batch see this one; once decided, the inbox row says whose identity it is.
        identities.put(identity.get(), Map.entry(pending.leadId(), pending.receivedAt()));
        return false;
    }

    /** Handles up to {@code max} leads whose deadline, claim expiry or retry time has come. */
    public int sweep(int max) {
        List<Measured> measured = new ArrayList<>();
        int swept = ledger.sweepDue(max, teamIds, repIds, batch -> {
            measured.clear();
            StateOverlay state = stateOf(batch);
            LedgerWrite write = new LedgerWrite();
            for (PendingLead pending : batch.leads()) {
                try (LeadLog.Scope lead = LeadLog.lead(pending.leadId())) {
                    LeadStateRow row = batch.position(pending.leadId());
                    LeadContext context = context(pending);
                    if (row == null || context == null) {
                        continue;
                    }
                    if (flow.policy().usesSticky()) {
                        batch.loadOwners(distributor.stickyKeys(context.lead()));
                    }
                    Transition t = flow.onDue(position(row), context, state);
                    state.apply(t.changes());
                    record(write, t, pending, context.crms(), false);
                    notify(write, t, position(row), context, state);
                    measured.add(new Measured(t.decision(), pending.receivedAt(), false, breach(t)));
                }
            }
            return write;
        });
        count(measured);
        return swept;
    }

    /**
     * Closes the loop with what reps do inside a CRM: an owner change to a rep of ours takes a queued lead (a claim,
     * within the claim limit), accepts an offer made to that rep, and otherwise is history only; a status change or
     * activity is the holder's first touch (the SLA clock stops). Our own writes echoed back never get here (the sources
     * recognise them). A change that does not fit where the lead stands is recorded, never forced.
     */
    public int applyCrmFeedback(int max) {
        return ledger.applyFeedback(max, feedback -> {
            try (LeadLog.Scope lead = LeadLog.lead(feedback.leadId())) {
                applyFeedback(feedback);
            }
        });
    }

    private void applyFeedback(io.leadrouter.ledger.LeadLedger.CrmFeedback feedback) {
        Optional<LeadStateRow> position = ledger.position(feedback.leadId());
        if (position.isEmpty()) {
            return;
        }
        LeadStateRow row = position.get();
        try {
            if ("crm-owner-changed".equals(feedback.type())) {
                Optional<String> rep = repByCrmUser(feedback.crm(), feedback.crmUser());
                if (rep.isEmpty()) {
                    return;
                }
                if (LeadStatus.QUEUED.name().equals(row.status()) && overClaimLimit(rep.get(), row.queueId())) {
                    overLimitClaim(feedback, row, rep.get());
                } else if (LeadStatus.QUEUED.name().equals(row.status())) {
                    ledger.inOwnTransaction(() -> claim(feedback.leadId(), row.queueId(), rep.get()));
                } else if ((LeadStatus.OFFERED.name().equals(row.status()) || LeadStatus.PARTNER_OFFERED.name().equals(row.status()))
                        && rep.get().equals(row.repId())) {
                    ledger.inOwnTransaction(() -> accept(feedback.leadId(), rep.get()));
                }
            } else if (row.repId() != null && row.touchedAt() == null) {
                ledger.inOwnTransaction(() -> touch(feedback.leadId(), row.repId(),
                        "first touch in " + feedback.crm() + " (" + feedback.type() + ")"));
            }
        } catch (FlowException e) {
            ledger.appendEvent(feedback.leadId(), "crm-action-not-applied", feedback.crm(),
                    "what happened in " + feedback.crm() + " was recorded but not applied here: " + e.getMessage());
        }
    }

    private boolean overClaimLimit(String repId, String queueId) {
        return flow.policy().queue(queueId).map(q -> ledger.claimsHeld(repId, queueId) >= q.claimLimit()).orElse(false);
    }

    /**
     * A rep took a queued lead inside the CRM beyond the queue's claim limit: the lead stays queued here, the history and
     * the log say so, and, if configured, the CRM record goes back to the queue (its owner written as the queue again).
     */
    private void overLimitClaim(io.leadrouter.ledger.LeadLedger.CrmFeedback feedback, LeadStateRow row, String repId) {
        Queue queue = flow.policy().queue(row.queueId()).orElseThrow();
        String queueOwner = queue.crmOwnerIds().get(feedback.crm());
        // Salesforce: writing the Queue's id as OwnerId returns the Lead. HubSpot's pull record is a task in a task queue
        // that the writer creates: writing it again would add a second task, so a HubSpot claim is reported only.
        boolean returnable = io.leadrouter.distribution.Crms.SALESFORCE.equals(feedback.crm()) && queueOwner != null;
        boolean giveBack = returnable && returnOverLimitClaims.test(feedback.crm());
        String reason = repId + " took the lead in " + feedback.crm() + " over the claim limit " + queue.claimLimit()
                + " of queue '" + queue.id() + "'; it stays queued here" + (giveBack ? " and is returned to the queue in "
                + feedback.crm() : returnable ? "" : " (returning it to the queue in " + feedback.crm() + " is not supported)");
        LOG.warn("lead {}: {}", feedback.leadId(), reason);
        ledger.act(feedback.leadId(), List.of(), List.of(), batch -> {
            LedgerWrite write = new LedgerWrite();
            write.event(new LedgerWrite.EventRow(feedback.leadId(), flow.clock().instant(), "crm-claim-over-limit",
                    feedback.crm() + ":" + repId, reason));
            if (giveBack) {
                try {
                    write.outbox(new LedgerWrite.OutboxRow(feedback.leadId(), feedback.crm(), json.crmWrite(new DecisionJson.CrmWrite(
                            feedback.leadId(), queueOwner, row.ruleId(), queue.id(), batch.leads().get(0).leadJson())), true));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("the write returning lead " + feedback.leadId() + " cannot be written as JSON", e);
                }
            }
            return new LeadLedger.Acted<Void>(null, write);
        });
    }

    /** The policy rep whose user/owner id in {@code crm} is {@code crmUser} (Salesforce ids compare on 15 characters). */
    private Optional<String> repByCrmUser(String crm, String crmUser) {
        if (crmUser == null || crm == null) {
            return Optional.empty();
        }
        return flow.policy().reps().stream().filter(r -> {
            String id = r.crmUserId(crm);
            return id != null && (id.equals(crmUser)
                    || ("salesforce".equals(crm) && id.length() >= 15 && crmUser.length() >= 15 && id.regionMatches(0, crmUser, 0, 15)));
        }).map(r -> r.id()).findFirst();
    }

    @Override
    public LeadStateRow claim(String leadId, String queueId, String repId) {
        return act(leadId, (batch, position) -> {
            if (position.status() == LeadStatus.QUEUED && !position.queueId().equals(queueId)) {
                throw new FlowException(FlowException.Kind.NOT_FOUND, "lead " + leadId + " is not in queue '" + queueId + "'");
            }
            return flow.claim(position, repId, batch.claimsHeld(repId, position.queueId() == null ? queueId : position.queueId()),
                    stateOf(batch));
        });
    }

    @Override
    public Optional<LeadStateRow> claimNext(String repId) {
        List<String> queues = flow.policy().rep(repId).map(r -> flow.policy().queuesFor(repId).stream().map(Queue::id).toList())
                .orElseThrow(() -> new FlowException(FlowException.Kind.NOT_FOUND, "no rep '" + repId + "' in the policy"));
        List<String> open = queues.stream().filter(q -> ledger.claimsHeld(repId, q) < flow.policy().queue(q).orElseThrow().claimLimit()).toList();
        if (!queues.isEmpty() && open.isEmpty()) {
            throw new FlowException(FlowException.Kind.CONFLICT, "claim limit reached in every queue you may claim from ("
                    + queues + "): touch or release a claimed lead first");
        }
        return ledger.actOnNextQueued(open, teamIds, repIds, batch -> {
            PendingLead pending = batch.leads().get(0);
            LeadStateRow row = batch.position(pending.leadId());
            Transition t = flow.claim(position(row), repId, batch.claimsHeld(repId, row.queueId()), stateOf(batch));
            LedgerWrite write = new LedgerWrite();
            LeadContext context = context(pending);
            record(write, t, pending, context == null ? Set.of() : context.crms(), false);
            return new LeadLedger.Acted<>(row(t.position()), write);
        });
    }

    @Override
    public LeadStateRow release(String leadId, String repId) {
        LeadStateRow row = act(leadId, (batch, position) -> flow.release(position, repId, stateOf(batch), contextOf(batch)));
        ledger.wakeHeld();
        return row;
    }

    @Override
    public LeadStateRow touch(String leadId, String repId, String note) {
        return act(leadId, (batch, position) -> flow.touch(position, repId, note));
    }

    /** Closing a lead frees an open slot, so held leads are looked at again. */
    @Override
    public LeadStateRow done(String leadId, String repId) {
        LeadStateRow row = act(leadId, (batch, position) -> flow.done(position, repId));
        ledger.wakeHeld();
        return row;
    }

    @Override
    public LeadStateRow accept(String leadId, String repId) {
        return act(leadId, (batch, position) -> flow.accept(position, repId));
    }

    @Override
    public LeadStateRow reject(String leadId, String repId, String reason) {
        return act(leadId, (batch, position) -> flow.reject(position, repId, reason, stateOf(batch), contextOf(batch)));
    }

    private LeadStateRow act(String leadId, BiFunction<LeadLedger.Batch, LeadPosition, Transition> action) {
        try (LeadLog.Scope lead = LeadLog.lead(leadId)) {
            return actOn(leadId, action);
        }
    }

    private LeadStateRow actOn(String leadId, BiFunction<LeadLedger.Batch, LeadPosition, Transition> action) {
        return ledger.<LeadStateRow>act(leadId, teamIds, repIds, batch -> {
            LeadStateRow row = batch.position(leadId);
            if (row == null) {
                throw new FlowException(FlowException.Kind.CONFLICT, "lead " + leadId + " has not been decided yet");
            }
            PendingLead pending = batch.leads().get(0);
            Transition t = action.apply(batch, position(row));
            LedgerWrite write = new LedgerWrite();
            LeadContext context = context(pending);
            record(write, t, pending, context == null ? Set.of() : context.crms(), false);
            notify(write, t, position(row), context, stateOf(batch));
            return new LeadLedger.Acted<>(row(t.position()), write);
        }).orElseThrow(() -> new FlowException(FlowException.Kind.NOT_FOUND, "no lead with id '" + leadId + "'"));
    }

    private StateOverlay stateOf(LeadLedger.Batch batch) {
        return new StateOverlay(new LedgerState(batch.snapshot(), roster, crmOwners));
    }

    private LeadContext contextOf(LeadLedger.Batch batch) {
        LeadContext context = context(batch.leads().get(0));
        if (context == null) {
            throw new FlowException(FlowException.Kind.CONFLICT, PersonalDataRetention.isErased(batch.leads().get(0).leadJson())
                    ? "the lead's personal data was erased after the retention period (leadrouter.retention.personal-data)"
                    : "the stored lead cannot be read; see the log");
        }
        return context;
    }

    /** The engine's view of a stored lead, or null (logged) when its JSON cannot be read. */
    private LeadContext context(PendingLead pending) {
        // the lead id in the MDC for log lines about this lead
        try (LeadLog.Scope lead = LeadLog.lead(pending.leadId())) {
            return readContext(pending);
        }
    }

    private LeadContext readContext(PendingLead pending) {
        if (PersonalDataRetention.isErased(pending.leadJson())) {
            return null;  // its personal data was erased after the retention period: nothing left to route or write
        }
        List<String> crms = mappings.find(pending.sourceId()).map(SourceMapping::crms).orElse(List.of());
        try {
            Lead lead = json.lead(pending.leadJson());
            return LeadContext.of(lead, pending.receivedAt(), crms);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("lead {} cannot be read from the ledger; left as it is", pending.leadId(), e);
            return null;
        }
    }

    /** The JSON a transition stores: the decision (null when none) and one CRM write per target CRM with an owner. */
    private record Rendered(String decisionJson, Map<String, String> crmWriteJson) {
    }

    private Rendered render(Transition t, PendingLead pending, Set<String> crms) {
        try {
            String decision = t.decision() == null ? null : json.decision(t.decision());
            Map<String, String> crmWrites = new LinkedHashMap<>();
            String queueId = t.position().status() == LeadStatus.QUEUED ? t.position().queueId() : null;
            for (String crm : crms) {
                String owner = t.owners() == null ? null : t.owners().get(crm);
                if (owner != null) {
                    crmWrites.put(crm, json.crmWrite(new DecisionJson.CrmWrite(pending.leadId(), owner,
                            t.position().ruleId(), queueId, pending.leadJson())));
                }
            }
            return new Rendered(decision, crmWrites);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the decision for lead " + pending.leadId() + " cannot be written as JSON", e);
        }
    }

    private void record(LedgerWrite write, Transition t, PendingLead pending, Set<String> crms, boolean first) {
        record(write, t, pending, crms, first, render(t, pending, crms));
    }

    private void record(LedgerWrite write, Transition t, PendingLead pending, Set<String> crms, boolean first,
            Rendered rendered) {
        Decision decision = t.decision();
        if (decision != null) {
            write.decision(new LedgerWrite.DecisionRow(pending.leadId(), Decision.kind(decision).toUpperCase(java.util.Locale.ROOT),
                    rendered.decisionJson(), decision.decidedAt()));
        }
        write.position(row(t.position()), first);
        for (LeadEvent e : t.events()) {
            if (!LeadFlow.isDecisionEvent(e)) {
                write.event(new LedgerWrite.EventRow(e.leadId(), e.at(), e.type(), e.actor(), e.reason()));
            }
        }
        for (StateChange change : t.changes()) {
            if (change instanceof StateChange.Rotation r) {
                r.earned().forEach((rep, share) -> write.standing(r.teamId(), rep, share, 0));
                write.standing(r.teamId(), r.turnTakenBy(), 0, 1);
                write.turn(r.teamId(), r.turnTakenBy());
            } else if (change instanceof StateChange.Load l) {
                write.load(l.repId(), l.day(), l.open(), l.received());
            } else if (change instanceof StateChange.Ownership o) {
                write.owner(o.stickyKey(), o.repId());
            }
        }
        rendered.crmWriteJson().forEach((crm, payload) ->
                write.outbox(new LedgerWrite.OutboxRow(pending.leadId(), crm, payload, !first)));
    }

    static LeadPosition position(LeadStateRow r) {
        return new LeadPosition(r.leadId(), LeadStatus.valueOf(r.status()), r.ruleId(), r.ladderId(), r.step(), r.teamId(),
                r.repId(), r.queueId(), r.priority(), r.deadline(), r.claimExpiresAt(), r.submittedAt(), r.touchedAt());
    }

    static LeadStateRow row(LeadPosition p) {
        return new LeadStateRow(p.leadId(), p.status().name(), p.ruleId(), p.ladderId(), p.step(), p.teamId(), p.repId(),
                p.queueId(), p.priority(), p.deadline(), p.claimExpiresAt(), p.dueAt(), p.submittedAt(), p.touchedAt());
    }
}
