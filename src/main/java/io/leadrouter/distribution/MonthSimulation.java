package io.leadrouter.distribution;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A month of lead routing on a simulated clock, run through the real engine ({@link Distributor}, {@link LeadFlow},
 * {@link StateOverlay}) exactly as the pipeline drives it: 10,000 leads arrive over March 2025 for 20 reps in New York,
 * Berlin and Singapore who keep office hours, are out of office on about one working day in ten, pause for lunch,
 * touch what they are given after 1–20 minutes at work, claim from the pull queues now and then, and close leads
 * after a while. Every time the engine gives a lead to a rep, the simulation checks that rep against its own calendar
 * and counters (not the engine's), and at the end reads each rep's fairness ledger. Deterministic for a seed.
 */
public final class MonthSimulation {
    public static final long DEFAULT_SEED = 42;
    static final YearMonth MONTH = YearMonth.of(2025, 3);
    static final int LEADS = 10_000;
    static final Duration HOLD_RETRY = Duration.ofMinutes(15);
    /** After the month, the simulation runs on until every lead is closed, at most this long. */
    static final Duration DRAIN = Duration.ofDays(14);
    static final double ABSENT_SHARE = 0.10;
    static final double LUNCH_PAUSE_SHARE = 0.5;
    static final double MEAN_CLAIM_GAP_MINUTES = 12;
    private static final int SAMPLES = 10;
    /** How often the simulation looks whether a held lead's team has someone who could take it. */
    private static final Duration PROBE_EVERY = Duration.ofMinutes(5);

    private enum Kind { ABSENCE, PAUSE, ARRIVAL, DUE, TOUCH, DONE, CLAIM, PROBE }

    private record Event(Instant at, long seq, Kind kind, Tracked lead, String repId, int version,
                         Availability availability) {
    }

    /** A queued lead's place: higher priority first, then older, then by id (the ledger's claim-next order). */
    private record QueueEntry(int priority, Instant submittedAt, String leadId) {
        static final Comparator<QueueEntry> ORDER = Comparator.comparingInt(QueueEntry::priority).reversed()
                .thenComparing(QueueEntry::submittedAt).thenComparing(QueueEntry::leadId);
    }

    /** The simulation's record of one lead. */
    private static final class Tracked {
        final SimulationLeads.Arrival arrival;
        final LeadContext context;
        LeadPosition position;
        int version;
        int dues;
        QueueEntry queueEntry;
        Instant firstGivenToTeam;
        Instant firstClaimed;
        Instant heldSince;
        boolean heldInOfficeHours;
        boolean seenHeldWhileRepAvailable;
        boolean everHeld;

        Tracked(SimulationLeads.Arrival arrival) {
            this.arrival = arrival;
            this.context = new LeadContext(arrival.lead(), arrival.at(), Crms.SALESFORCE);
        }

        String id() {
            return arrival.leadId();
        }
    }

    private final long seed;
    private final boolean engineToldOfAbsences;
    private final SplittableRandom random;
    private final SimulationPolicy organisation;
    private final Policy policy;
    private final SimulationClock clock;
    private final LeadFlow flow;
    private final StateOverlay state = StateOverlay.empty();
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            Comparator.comparing(Event::at).thenComparingLong(Event::seq));
    private long seq;
    private final Map<String, SimulationCalendar> calendars = new LinkedHashMap<>();
    private final Map<String, SimulationCalendar> offices = new HashMap<>();
    private final Map<String, Tracked> leads = new LinkedHashMap<>();
    private final Map<String, TreeMap<QueueEntry, Tracked>> queued = new HashMap<>();
    private final Map<String, Map<String, Integer>> claimsHeld = new HashMap<>();
    private final Map<String, Map<LocalDate, Integer>> receivedPerDay = new HashMap<>();
    private final Map<String, Set<String>> holding = new HashMap<>();

    private long assignedToUnavailable;
    private final List<String> unavailableSamples = new ArrayList<>();
    private final Map<String, Long> decisions = new TreeMap<>();
    private final Map<String, Long> historyEvents = new TreeMap<>();
    private final Map<String, Long> escalations = new TreeMap<>();
    private final Map<String, Long> skipReasons = new TreeMap<>();
    private final Map<String, Long> given = new TreeMap<>();
    private long claimsSkippedAway;
    private long claimsSkippedAtCap;
    private long claimLimitReached;
    private long claimsRefused;
    private long emptyQueueLooks;
    private long staleEvents;
    private long idleDues;
    private int finished;
    private int arrived;
    private final List<Double> heldWaits = new ArrayList<>();
    private final List<Double> heldWaitsFromOfficeHours = new ArrayList<>();
    private long heldWhileRepAvailable;
    private final List<String> heldWhileRepAvailableSamples = new ArrayList<>();

    private MonthSimulation(long seed, boolean engineToldOfAbsences) {
        this.seed = seed;
        this.engineToldOfAbsences = engineToldOfAbsences;
        this.random = new SplittableRandom(seed);
        this.organisation = SimulationPolicy.build();
        this.policy = organisation.policy();
        this.clock = new SimulationClock(start().minus(Duration.ofDays(1)));
        this.flow = new LeadFlow(new Distributor(policy, clock), clock, HOLD_RETRY);
        policy.queues().forEach(q -> queued.put(q.id(), new TreeMap<>(QueueEntry.ORDER)));
    }

    /** Runs the synthetic month for {@code seed}. */
    public static SimulationReport syntheticMonth(long seed) {
        return new MonthSimulation(seed, true).run();
    }

    /**
     * The same month, but absences and pauses are kept from the engine (as if the admin API were never called): the
     * control that shows the independent check does catch leads given to reps who are away.
     */
    static SimulationReport syntheticMonthWithoutTellingTheEngine(long seed) {
        return new MonthSimulation(seed, false).run();
    }

    private static Instant start() {
        return MONTH.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private SimulationReport run() {
        long started = System.nanoTime();
        for (Rep rep : policy.reps()) {
            SimulationCalendar calendar = new SimulationCalendar(rep.zone(), SimulationPolicy.OPEN, SimulationPolicy.CLOSE);
            calendars.put(rep.id(), calendar);
            planAbsences(rep.id(), calendar);
            planPauses(rep.id(), calendar);
            schedule(calendar.nextAtWork(start()).plus(exponentialMinutes(MEAN_CLAIM_GAP_MINUTES)), Kind.CLAIM, null,
                    rep.id(), 0, null);
        }
        List<SimulationLeads.Arrival> arrivals = SimulationLeads.generate(MONTH, LEADS, random);
        for (SimulationLeads.Arrival arrival : arrivals) {
            Tracked lead = new Tracked(arrival);
            leads.put(lead.id(), lead);
            schedule(arrival.at(), Kind.ARRIVAL, lead, null, 0, null);
        }
        Instant horizon = MONTH.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(DRAIN);
        while (!events.isEmpty() && (arrived < leads.size() || finished < leads.size())) {
            Event event = events.poll();
            if (event.at().isAfter(horizon)) {
                break;
            }
            clock.set(event.at());
            handle(event);
        }
        return report(System.nanoTime() - started);
    }

    private void planAbsences(String repId, SimulationCalendar calendar) {
        List<LocalDate> workdays = new ArrayList<>();
        for (int d = 1; d <= MONTH.lengthOfMonth(); d++) {
            LocalDate day = MONTH.atDay(d);
            if (SimulationCalendar.isWorkday(day)) {
                workdays.add(day);
            }
        }
        double expected = ABSENT_SHARE * workdays.size();
        int days = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
        Set<LocalDate> chosen = new TreeSet<>();
        if (random.nextBoolean()) {
            int first = random.nextInt(workdays.size() - days + 1);
            chosen.addAll(workdays.subList(first, first + days));
        } else {
            while (chosen.size() < days) {
                chosen.add(workdays.get(random.nextInt(workdays.size())));
            }
        }
        for (LocalDate day : chosen) {
            calendar.addAbsence(day);
            Instant from = day.atStartOfDay(calendar.zone()).toInstant();
            Instant until = day.plusDays(1).atStartOfDay(calendar.zone()).toInstant();
            schedule(from, Kind.ABSENCE, null, repId, 0, new Availability(Availability.Status.OUT_OF_OFFICE, until));
        }
    }

    private void planPauses(String repId, SimulationCalendar calendar) {
        for (int d = 1; d <= MONTH.lengthOfMonth(); d++) {
            LocalDate day = MONTH.atDay(d);
            if (!SimulationCalendar.isWorkday(day) || calendar.absences().contains(day) || random.nextDouble() >= LUNCH_PAUSE_SHARE) {
                continue;
            }
            Instant from = day.atTime(11, 30).atZone(calendar.zone()).toInstant().plus(Duration.ofMinutes(random.nextInt(91)));
            Instant until = from.plus(Duration.ofMinutes(30 + random.nextInt(31)));
            calendar.addPause(from, until);
            schedule(from, Kind.PAUSE, null, repId, 0, new Availability(Availability.Status.PAUSED, until));
        }
    }

    private void schedule(Instant at, Kind kind, Tracked lead, String repId, int version, Availability availability) {
        events.add(new Event(at, seq++, kind, lead, repId, version, availability));
    }

    private void handle(Event event) {
        Instant now = clock.instant();
        switch (event.kind()) {
            case ABSENCE, PAUSE -> {
                if (engineToldOfAbsences) {
                    state.setAvailability(event.repId(), event.availability());
                }
            }
            case ARRIVAL -> {
                arrived++;
                Tracked lead = event.lead();
                apply(lead, flow.decide(lead.id(), lead.context, null, state));
            }
            case DUE -> {
                Tracked lead = event.lead();
                if (lead.version != event.version()) {
                    staleEvents++;
                    return;
                }
                if (++lead.dues > 1000) {
                    throw new IllegalStateException("lead " + lead.id() + " came due 1000 times; last position "
                            + lead.position);
                }
                Transition t = flow.onDue(lead.position, lead.context, state);
                if (t.events().isEmpty()) {
                    idleDues++;
                }
                apply(lead, t);
            }
            case TOUCH -> {
                Tracked lead = event.lead();
                if (lead.version != event.version() || !event.repId().equals(lead.position.repId())) {
                    staleEvents++;
                    return;
                }
                apply(lead, flow.touch(lead.position, event.repId(), null));
            }
            case DONE -> {
                Tracked lead = event.lead();
                if (lead.version != event.version() || !event.repId().equals(lead.position.repId())) {
                    staleEvents++;
                    return;
                }
                apply(lead, flow.done(lead.position, event.repId()));
            }
            case PROBE -> probeHeld(event.lead());
            case CLAIM -> {
                claimNext(event.repId());
                SimulationCalendar calendar = calendars.get(event.repId());
                Instant next = now.plus(exponentialMinutes(MEAN_CLAIM_GAP_MINUTES));
                if (!calendar.inOfficeHours(next)) {
                    next = calendar.nextAtWork(next).plus(exponentialMinutes(MEAN_CLAIM_GAP_MINUTES));
                }
                schedule(next, Kind.CLAIM, null, event.repId(), 0, null);
            }
        }
    }

    /**
     * A held lead's team has a rep who could take it by the simulation's own check, yet the engine will not try the
     * lead again within the hold-retry interval: counted once per lead. Probing stops when the lead is decided again.
     */
    private void probeHeld(Tracked lead) {
        if (lead.position.status() != LeadStatus.HELD || lead.seenHeldWhileRepAvailable) {
            return;
        }
        Instant now = clock.instant();
        SimulationCalendar office = office(lead.arrival.region());
        if (!office.inOfficeHours(now)) {
            schedule(office.nextAtWork(now), Kind.PROBE, lead, null, 0, null);
            return;
        }
        Instant retry = lead.position.dueAt();
        Team team = policy.team(lead.arrival.region().teamId()).orElseThrow();
        for (Rep rep : team.members()) {
            if (retry != null && retry.isAfter(now.plus(HOLD_RETRY)) && unavailable(rep.id(), now) == null) {
                lead.seenHeldWhileRepAvailable = true;
                heldWhileRepAvailable++;
                if (heldWhileRepAvailableSamples.size() < SAMPLES) {
                    heldWhileRepAvailableSamples.add(lead.id() + " held since " + lead.heldSince + " until "
                            + lead.position.dueAt() + "; " + rep.id() + " could take it at " + now);
                }
                return;
            }
        }
        schedule(now.plus(PROBE_EVERY), Kind.PROBE, lead, null, 0, null);
    }

    /** A rep at work looks at their queues and claims the first lead, as claim-next does. */
    private void claimNext(String repId) {
        String away = unavailable(repId, clock.instant());
        if (away != null) {
            if (away.startsWith("daily cap") || away.startsWith("open-lead cap")) {
                claimsSkippedAtCap++;
            } else {
                claimsSkippedAway++;
            }
            return;
        }
        List<Queue> open = policy.queuesFor(repId).stream()
                .filter(q -> claims(repId, q.id()) < q.claimLimit()).toList();
        if (open.isEmpty()) {
            claimLimitReached++;
            return;
        }
        Map.Entry<QueueEntry, Tracked> best = null;
        for (Queue q : open) {
            Map.Entry<QueueEntry, Tracked> head = queued.get(q.id()).firstEntry();
            if (head != null && (best == null || QueueEntry.ORDER.compare(head.getKey(), best.getKey()) < 0)) {
                best = head;
            }
        }
        if (best == null) {
            emptyQueueLooks++;
            return;
        }
        Tracked lead = best.getValue();
        try {
            apply(lead, flow.claim(lead.position, repId, claims(repId, lead.position.queueId()), state));
        } catch (FlowException e) {
            claimsRefused++;
        }
    }

    private int claims(String repId, String queueId) {
        return claimsHeld.getOrDefault(repId, Map.of()).getOrDefault(queueId, 0);
    }

    /** Records a transition as the ledger would, checks who got the lead, and plans what happens next. */
    private void apply(Tracked lead, Transition t) {
        Instant now = clock.instant();
        LeadPosition before = lead.position;
        LeadPosition after = t.position();
        boolean newHolder = after.status().holdsRep() && after.repId() != null && (before == null
                || !before.status().holdsRep() || !after.repId().equals(before.repId()));
        if (newHolder) {
            audit(lead, after, now);
        }
        if (before != null && before.status().holdsRep()) {
            holding.get(before.repId()).remove(lead.id());
        }
        if (after.status().holdsRep()) {
            holding.computeIfAbsent(after.repId(), r -> new LinkedHashSet<>()).add(lead.id());
        }
        if (before != null && before.status() == LeadStatus.CLAIMED) {
            claimsHeld.get(before.repId()).merge(before.queueId(), -1, Integer::sum);
        }
        if (after.status() == LeadStatus.CLAIMED) {
            claimsHeld.computeIfAbsent(after.repId(), r -> new HashMap<>()).merge(after.queueId(), 1, Integer::sum);
            if (lead.firstClaimed == null) {
                lead.firstClaimed = now;
            }
        }
        if (lead.queueEntry != null) {
            queued.get(before.queueId()).remove(lead.queueEntry);
            lead.queueEntry = null;
        }
        if (after.status() == LeadStatus.QUEUED) {
            lead.queueEntry = new QueueEntry(after.priority(), after.submittedAt(), lead.id());
            queued.get(after.queueId()).put(lead.queueEntry, lead);
        }
        state.apply(t.changes());
        lead.position = after;
        lead.version++;
        count(lead, before, t, now);
        plan(lead, before, after, newHolder, now);
    }

    /** The independent check: could this rep take a lead now, by the simulation's own calendar and counters? */
    private void audit(Tracked lead, LeadPosition after, Instant now) {
        String repId = after.repId();
        String why = unavailable(repId, now);
        if (why != null) {
            assignedToUnavailable++;
            if (unavailableSamples.size() < SAMPLES) {
                unavailableSamples.add(lead.id() + " " + after.status().name().toLowerCase() + " to " + repId + " at "
                        + now + ": " + why);
            }
        }
        SimulationCalendar calendar = calendars.get(repId);
        if (calendar != null) {
            receivedPerDay.computeIfAbsent(repId, r -> new TreeMap<>()).merge(calendar.day(now), 1, Integer::sum);
        }
        given.merge(after.status() == LeadStatus.CLAIMED ? "claimed" : after.status() == LeadStatus.OFFERED ? "offered"
                : repId.equals(policy.fallback().map(Rep::id).orElse(null)) ? "assignedToFallback" : "assigned", 1L, Long::sum);
        SimulationPolicy.Region region = organisation.regionOf(repId);
        if (lead.firstGivenToTeam == null && after.status() != LeadStatus.CLAIMED && region == lead.arrival.region()
                && why == null) {
            lead.firstGivenToTeam = now;
        }
    }

    /** Why {@code repId} cannot take a lead at {@code now}, or null; the fallback owner always can. */
    private String unavailable(String repId, Instant now) {
        SimulationCalendar calendar = calendars.get(repId);
        if (calendar == null) {
            return policy.fallback().map(Rep::id).filter(repId::equals).isPresent() ? null : "not a rep of the simulation";
        }
        if (calendar.isAbsent(now)) {
            return "out of office";
        }
        if (calendar.isPaused(now)) {
            return "paused";
        }
        if (!calendar.inOfficeHours(now)) {
            return "outside working hours";
        }
        int today = receivedPerDay.getOrDefault(repId, Map.of()).getOrDefault(calendar.day(now), 0);
        if (today >= SimulationPolicy.DAILY_CAP) {
            return "daily cap (" + today + " today)";
        }
        int open = holding.getOrDefault(repId, Set.of()).size();
        if (open >= SimulationPolicy.OPEN_CAP) {
            return "open-lead cap (" + open + " open)";
        }
        return null;
    }

    private void count(Tracked lead, LeadPosition before, Transition t, Instant now) {
        Decision decision = t.decision();
        if (decision != null) {
            decisions.merge(Decision.kind(decision), 1L, Long::sum);
            for (RepSkip skip : decision.trace().skipped()) {
                skipReasons.merge(skipKind(skip.reason()), 1L, Long::sum);
            }
            if (decision instanceof Hold) {
                lead.everHeld = true;
                if (lead.heldSince == null) {
                    lead.heldSince = now;
                    lead.heldInOfficeHours = office(lead.arrival.region()).inOfficeHours(now);
                    schedule(now.plus(PROBE_EVERY), Kind.PROBE, lead, null, 0, null);
                }
            } else if (lead.heldSince != null) {
                heldWaits.add(minutes(lead.heldSince, now));
                if (lead.heldInOfficeHours) {
                    heldWaitsFromOfficeHours.add(minutes(lead.heldSince, now));
                }
                lead.heldSince = null;
            }
        }
        for (LeadEvent e : t.events()) {
            historyEvents.merge(e.type(), 1L, Long::sum);
            if (e.type().equals("escalated") && before != null && before.ladderId() != null && before.step() != null) {
                Ladder.Step step = policy.ladder(before.ladderId()).orElseThrow().steps().get(before.step());
                escalations.merge("step" + (before.step() + 1) + "-" + stepName(step), 1L, Long::sum);
            }
        }
        if (t.position().status() == LeadStatus.DONE) {
            finished++;
        }
    }

    /** Schedules what follows: the holder's first touch, closing a touched lead, the next due time. */
    private void plan(Tracked lead, LeadPosition before, LeadPosition after, boolean newHolder, Instant now) {
        if (newHolder && after.touchedAt() == null) {
            Duration delay = Duration.ofMinutes(1 + random.nextInt(20)).plusSeconds(random.nextInt(60));
            schedule(atWork(after.repId(), now, delay), Kind.TOUCH, lead, after.repId(), lead.version, null);
        } else if (after.status() == LeadStatus.ASSIGNED && after.touchedAt() != null
                && (newHolder || before != null && before.touchedAt() == null)) {
            schedule(atWork(after.repId(), now, workTime()), Kind.DONE, lead, after.repId(), lead.version, null);
        }
        Instant due = after.dueAt();
        if (due != null) {
            schedule(due.isBefore(now) ? now : due, Kind.DUE, lead, null, lead.version, null);
        }
    }

    /** When {@code amount} of the rep's time at work has passed (the fallback owner is always at work). */
    private Instant atWork(String repId, Instant now, Duration amount) {
        SimulationCalendar calendar = calendars.get(repId);
        return calendar == null ? now.plus(amount) : calendar.plusTimeAtWork(now, amount);
    }

    /** How long a rep works a lead before closing it: mostly minutes to hours, one in twenty takes a day or two. */
    private Duration workTime() {
        double r = random.nextDouble();
        if (r < 0.40) {
            return Duration.ofMinutes(10 + random.nextInt(31));
        }
        if (r < 0.95) {
            return Duration.ofMinutes(45 + random.nextInt(136));
        }
        return Duration.ofMinutes(510 + random.nextInt(511));
    }

    private Duration exponentialMinutes(double mean) {
        double minutes = -mean * Math.log(1 - random.nextDouble());
        return Duration.ofSeconds(Math.max(1, Math.round(minutes * 60)));
    }

    /** A region's office hours, without anyone's absences. */
    private SimulationCalendar office(SimulationPolicy.Region region) {
        return offices.computeIfAbsent(region.id(),
                r -> new SimulationCalendar(region.zone(), SimulationPolicy.OPEN, SimulationPolicy.CLOSE));
    }

    private static String stepName(Ladder.Step step) {
        if (step instanceof Ladder.Offer) {
            return "offer";
        }
        if (step instanceof Ladder.Pool) {
            return "pool";
        }
        return step instanceof Ladder.Partner ? "partner" : "fallback";
    }

    private static String skipKind(String reason) {
        for (String kind : List.of("daily cap", "open-lead cap", "out of office", "paused", "outside working hours",
                "inactive")) {
            if (reason.startsWith(kind)) {
                return kind;
            }
        }
        return "other";
    }

    private static double minutes(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 60_000.0;
    }

    private SimulationReport report(long nanos) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seed", seed);
        r.put("month", MONTH.toString());
        r.put("leads", leads.size());
        r.put("reps", calendars.size());
        r.put("durationMs", nanos / 1_000_000);
        r.put("assignedToUnavailable", assignedToUnavailable);
        r.put("assignedToUnavailableSamples", List.copyOf(unavailableSamples));

        List<Map<String, Object>> byRep = new ArrayList<>();
        double maxError = 0;
        for (Team team : policy.teams()) {
            for (Rep rep : team.members()) {
                DistributionState.Standing s = state.standing(team.id(), rep.id());
                double error = Math.abs(s.owed());
                maxError = Math.max(maxError, error);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("team", team.id());
                row.put("rep", rep.id());
                row.put("weight", rep.weight());
                row.put("entitlement", round(s.entitlement()));
                row.put("received", s.received());
                row.put("error", round(error));
                Map<LocalDate, Integer> days = receivedPerDay.getOrDefault(rep.id(), Map.of());
                row.put("leadsIncludingClaims", days.values().stream().mapToInt(Integer::intValue).sum());
                row.put("maxPerDay", days.values().stream().mapToInt(Integer::intValue).max().orElse(0));
                row.put("daysOut", calendars.get(rep.id()).absences().size());
                byRep.add(row);
            }
        }
        r.put("fairnessMaxError", round(maxError));

        int eligible = 0;
        int within = 0;
        for (Tracked lead : leads.values()) {
            if (lead.arrival.segment().equals("smb")) {
                continue;
            }
            if (!office(lead.arrival.region()).inOfficeHours(lead.arrival.at())) {
                continue;
            }
            eligible++;
            if (lead.firstGivenToTeam != null && !lead.firstGivenToTeam.isAfter(lead.arrival.at().plusSeconds(60))) {
                within++;
            }
        }
        r.put("offeredWithin60s", eligible == 0 ? 0.0 : round((double) within / eligible));
        r.put("offeredWithin60sCounts", ordered("businessHoursLeads", eligible, "within60s", within));

        List<Double> pullWaits = new ArrayList<>();
        int unclaimed = 0;
        for (Tracked lead : leads.values()) {
            if (SimulationPolicy.SMB_RULE.equals(lead.position.ruleId())) {
                if (lead.firstClaimed == null) {
                    unclaimed++;
                } else {
                    pullWaits.add(minutes(lead.arrival.at(), lead.firstClaimed));
                }
            }
        }
        Map<String, Object> pull = percentiles(pullWaits);
        pull.put("claimed", pullWaits.size());
        pull.put("neverClaimed", unclaimed);
        r.put("pullWaitMinutes", pull);

        r.put("escalations", new LinkedHashMap<>(escalations));
        Map<String, Long> ladderEnds = new TreeMap<>();
        for (Tracked lead : leads.values()) {
            LeadPosition p = lead.position;
            if (p.ladderId() != null && p.step() != null && p.status() != LeadStatus.QUEUED && p.status() != LeadStatus.HELD) {
                Ladder.Step step = policy.ladder(p.ladderId()).orElseThrow().steps().get(p.step());
                ladderEnds.merge("step" + (p.step() + 1) + "-" + stepName(step), 1L, Long::sum);
            }
        }
        r.put("ladderTakenAt", new LinkedHashMap<>(ladderEnds));

        Map<String, Object> held = new LinkedHashMap<>();
        held.put("leads", leads.values().stream().filter(l -> l.everHeld).count());
        held.put("decisions", decisions.getOrDefault("hold", 0L));
        held.put("waitMinutes", percentiles(heldWaits));
        held.put("waitMinutesWhenHeldInOfficeHours", percentiles(heldWaitsFromOfficeHours));
        held.put("whileTeamRepAvailable", heldWhileRepAvailable);
        held.put("whileTeamRepAvailableSamples", List.copyOf(heldWhileRepAvailableSamples));
        r.put("held", held);

        r.put("outcomes", new LinkedHashMap<>(decisions));
        r.put("given", new LinkedHashMap<>(given));
        r.put("history", new LinkedHashMap<>(historyEvents));
        Map<String, Long> finalStatus = new TreeMap<>();
        leads.values().forEach(l -> finalStatus.merge(l.position == null ? "UNDECIDED" : l.position.status().name(), 1L, Long::sum));
        r.put("finalStatus", new LinkedHashMap<>(finalStatus));
        r.put("skipReasons", new LinkedHashMap<>(skipReasons));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("claimed", given.getOrDefault("claimed", 0L));
        claims.put("expired", historyEvents.getOrDefault("expired", 0L));
        claims.put("skippedWhileAway", claimsSkippedAway);
        claims.put("skippedAtCap", claimsSkippedAtCap);
        claims.put("claimLimitReached", claimLimitReached);
        claims.put("emptyQueue", emptyQueueLooks);
        claims.put("refused", claimsRefused);
        r.put("claims", claims);
        long repDaysOut = calendars.values().stream().mapToLong(c -> c.absences().size()).sum();
        long workdays = MONTH.atDay(1).datesUntil(MONTH.plusMonths(1).atDay(1)).filter(SimulationCalendar::isWorkday).count();
        r.put("absences", ordered("repDays", repDaysOut, "shareOfWorkingDays",
                round((double) repDaysOut / (workdays * calendars.size()))));
        r.put("simulation", ordered("staleEvents", staleEvents, "idleDues", idleDues, "endedAt", clock.instant().toString()));
        r.put("fairnessByRep", byRep);
        return new SimulationReport(r);
    }

    private static Map<String, Object> percentiles(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("p50", round(rank(sorted, 0.50)));
        p.put("p90", round(rank(sorted, 0.90)));
        p.put("max", round(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
        return p;
    }

    /** Nearest-rank percentile; 0 for no values. */
    private static double rank(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], Objects.requireNonNull(keysAndValues[i + 1]));
        }
        return m;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
