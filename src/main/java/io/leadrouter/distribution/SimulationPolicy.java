package io.leadrouter.distribution;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synthetic month's organisation: three regional teams (New York, Berlin, Singapore) of 20 reps with office hours,
 * weights and caps, a fallback owner, and the policy that routes by country and segment: enterprise leads walk a
 * ladder (offer to the regional team for 10 minutes, then the enterprise pool for 30, then the fallback owner), SMB
 * leads wait in a pull queue, everything else is pushed to the regional team.
 */
final class SimulationPolicy {
    static final LocalTime OPEN = LocalTime.of(9, 0);
    static final LocalTime CLOSE = LocalTime.of(17, 30);
    static final int DAILY_CAP = 30;
    static final int OPEN_CAP = 12;
    static final String SMB_QUEUE = "smb-queue";
    static final String ENTERPRISE_POOL = "enterprise-pool";
    static final String SMB_RULE = "smb-pull";
    static final Duration OFFER_TIMEOUT = Duration.ofMinutes(10);
    static final Duration POOL_TIMEOUT = Duration.ofMinutes(30);
    static final Duration CLAIM_EXPIRY = Duration.ofMinutes(30);

    /** A region: its team, zone, rotation, the countries routed to it (with their share of its leads). */
    record Region(String id, String teamName, ZoneId zone, Strategy strategy, double share, int reps,
                  Set<Integer> doubleWeight, List<String> countries, double[] countryShares) {
        String teamId() {
            return id;
        }

        String ladderId() {
            return "enterprise-" + id;
        }
    }

    static final List<Region> REGIONS = List.of(
            new Region("americas", "Americas (New York)", ZoneId.of("America/New_York"), Strategy.WEIGHTED, 0.40, 7,
                    Set.of(1, 4), List.of("US", "CA", "MX", "BR"), new double[] {0.70, 0.15, 0.08, 0.07}),
            new Region("emea", "EMEA (Berlin)", ZoneId.of("Europe/Berlin"), Strategy.WEIGHTED, 0.35, 7,
                    Set.of(2), List.of("DE", "GB", "FR", "NL", "ES", "IT", "AT", "CH"),
                    new double[] {0.28, 0.22, 0.16, 0.09, 0.08, 0.07, 0.05, 0.05}),
            new Region("apac", "APAC (Singapore)", ZoneId.of("Asia/Singapore"), Strategy.ROUND_ROBIN, 0.25, 6,
                    Set.of(), List.of("SG", "AU", "JP", "IN", "HK", "MY"), new double[] {0.22, 0.28, 0.18, 0.14, 0.10, 0.08}));

    private final Policy policy;
    private final Map<String, Region> regionOfRep;

    private SimulationPolicy(Policy policy, Map<String, Region> regionOfRep) {
        this.policy = policy;
        this.regionOfRep = regionOfRep;
    }

    static SimulationPolicy build() {
        Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        List<Team> teams = new ArrayList<>();
        List<Ladder> ladders = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        List<Rule> pushRules = new ArrayList<>();
        LinkedHashMap<String, Region> regionOfRep = new LinkedHashMap<>();
        Condition enterprise = new Condition.Field("attributes.segment", new Matcher.OneOf(List.of("enterprise")));
        for (Region region : REGIONS) {
            WorkingHours hours = new WorkingHours(region.zone(), weekdays, OPEN, CLOSE);
            List<Rep> members = new ArrayList<>();
            for (int i = 1; i <= region.reps(); i++) {
                String id = region.id().substring(0, 2) + "-" + (i < 10 ? "0" : "") + i;
                int weight = region.doubleWeight().contains(i) ? 2 : 1;
                members.add(new Rep(id, "Rep " + id, Map.of(Crms.SALESFORCE, salesforceId(regionOfRep.size() + 1)), weight,
                        new Caps(DAILY_CAP, OPEN_CAP), hours, Set.of(), true, false));
                regionOfRep.put(id, region);
            }
            teams.add(new Team(region.teamId(), region.teamName(), members));
            ladders.add(new Ladder(region.ladderId(), hours, List.of(
                    new Ladder.Offer(region.teamId(), Strategy.ROUND_ROBIN, OFFER_TIMEOUT),
                    new Ladder.Pool(ENTERPRISE_POOL, 10, POOL_TIMEOUT),
                    new Ladder.Fallback())));
            Condition country = new Condition.Field("country", new Matcher.OneOf(region.countries()));
            rules.add(new Rule("enterprise-" + region.id(), "enterprise leads of " + region.teamName(),
                    List.of(enterprise, country), new Action.UseLadder(region.ladderId())));
            pushRules.add(new Rule(region.id(), "everything else from " + region.teamName(), List.of(country),
                    new Action.Push(region.strategy(), region.teamId(), false, false)));
        }
        rules.add(new Rule(SMB_RULE, "small businesses wait in a pull queue",
                List.of(new Condition.Field("attributes.segment", new Matcher.OneOf(List.of("smb")))),
                new Action.Pull(SMB_QUEUE, 0)));
        rules.addAll(pushRules);
        List<String> everyTeam = REGIONS.stream().map(Region::teamId).toList();
        List<Queue> queues = List.of(
                new Queue(SMB_QUEUE, "SMB leads", everyTeam, 3, CLAIM_EXPIRY, Map.of(Crms.SALESFORCE, "00G000000000001AAA")),
                new Queue(ENTERPRISE_POOL, "Enterprise pool", everyTeam, 2, CLAIM_EXPIRY,
                        Map.of(Crms.SALESFORCE, "00G000000000002AAA")));
        Rep fallback = new Rep("fallback", "Sales manager", Map.of(Crms.SALESFORCE, salesforceId(99)), 1, Caps.NONE, null,
                Set.of(), true, false);
        Policy policy = new Policy(teams, queues, ladders, rules, fallback, null, List.of());
        return new SimulationPolicy(policy, Map.copyOf(regionOfRep));
    }

    private static String salesforceId(int n) {
        return String.format("005%012dAAA", n);
    }

    Policy policy() {
        return policy;
    }

    /** The region a team rep works in (null for the fallback owner). */
    Region regionOf(String repId) {
        return regionOfRep.get(repId);
    }
}
