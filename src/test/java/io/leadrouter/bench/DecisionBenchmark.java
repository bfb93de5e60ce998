package io.leadrouter.bench;

import io.leadrouter.distribution.Action;
import io.leadrouter.distribution.Availability;
import io.leadrouter.distribution.Caps;
import io.leadrouter.distribution.Condition;
import io.leadrouter.distribution.Crms;
import io.leadrouter.distribution.Distributor;
import io.leadrouter.distribution.Ladder;
import io.leadrouter.distribution.LeadContext;
import io.leadrouter.distribution.Matcher;
import io.leadrouter.distribution.Outcome;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Queue;
import io.leadrouter.distribution.Rep;
import io.leadrouter.distribution.Rule;
import io.leadrouter.distribution.StateChange;
import io.leadrouter.distribution.StateOverlay;
import io.leadrouter.distribution.Strategy;
import io.leadrouter.distribution.Team;
import io.leadrouter.distribution.WorkingHours;
import io.leadrouter.lead.Lead;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link Distributor#decide} for a 50-rep, 20-rule policy (country lists, domains, suffixes, prefixes, number
 * ranges on attributes, any / not, a ladder, pull queues, a sticky rule) against a state that already holds a busy
 * morning: 900 decisions' rotations, loads and sticky owners, half of those leads closed, some reps out or paused. Most
 * leads are decided by a rule in the middle of the list. Run with {@code ./mvnw -Pjmh process-test-classes} (see
 * bench/README.md); it is compiled by every build but only runs there.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class DecisionBenchmark {
    /** Tuesday 4 March 2025, 14:00 UTC: New York, London and Berlin at work, Singapore and Sydney not. */
    static final Instant NOW = Instant.parse("2025-03-04T14:00:00Z");
    static final int LEADS = 1024;

    private Distributor distributor;
    private StateOverlay state;
    private LeadContext[] contexts;
    private int next;

    @Setup
    public void setUp() {
        Policy policy = policy();
        distributor = new Distributor(policy, Clock.fixed(NOW, ZoneOffset.UTC));
        SplittableRandom random = new SplittableRandom(20250304);
        contexts = new LeadContext[LEADS];
        for (int i = 0; i < LEADS; i++) {
            contexts[i] = new LeadContext(lead(i, random), NOW.minusSeconds(random.nextInt(60)), Crms.SALESFORCE);
        }
        state = busyMorning(policy, random);
    }

    @Benchmark
    public Outcome decide() {
        LeadContext context = contexts[next];
        next = (next + 1) & (LEADS - 1);
        return distributor.decide(context, state);
    }

    /** 900 earlier decisions applied, half their leads closed again, two reps out of office and one paused. */
    private StateOverlay busyMorning(Policy policy, SplittableRandom random) {
        StateOverlay s = StateOverlay.empty();
        List<StateChange> closable = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            Outcome outcome = distributor.decide(new LeadContext(lead(100_000 + i, random), NOW, Crms.SALESFORCE), s);
            s.apply(outcome.changes());
            for (StateChange change : outcome.changes()) {
                if (change instanceof StateChange.Load load && load.open() > 0 && random.nextBoolean()) {
                    closable.add(new StateChange.Load(load.repId(), load.day(), -1, 0));
                }
            }
        }
        s.apply(closable);
        Instant evening = NOW.plus(Duration.ofHours(6));
        s.setAvailability("emea-03", new Availability(Availability.Status.OUT_OF_OFFICE, evening));
        s.setAvailability("americas-07", new Availability(Availability.Status.OUT_OF_OFFICE, evening));
        s.setAvailability("uk-02", new Availability(Availability.Status.PAUSED, NOW.plus(Duration.ofMinutes(30))));
        s.setCapsOverride("emea-05", new Caps(10, null));
        return s;
    }

    private static final String[] COUNTRIES = {
            "US", "US", "US", "US", "CA", "DE", "DE", "AT", "CH", "GB", "GB", "IE", "FR", "NL", "BR", "MX", "SG", "AU", "JP", "IN"};
    private static final String[] DOMAINS = {
            "gmail.com", "outlook.com", "acme.com", "initech.io", "globex.de", "umbrella.co.uk", "hooli.com", "stark.io"};
    private static final String[] UTM = {"google", "linkedin", "newsletter", "direct", "bing"};

    /** A lead like a web form's: most are mid-sized companies from North America or Europe. */
    static Lead lead(int n, SplittableRandom random) {
        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        double d = random.nextDouble();
        String domain = d < 0.03 ? "bigcorp.com" : d < 0.06 ? "city.gov" : DOMAINS[random.nextInt(DOMAINS.length)];
        int employees = random.nextDouble() < 0.8 ? 50 + random.nextInt(4950) : random.nextDouble() < 0.5
                ? 1 + random.nextInt(49) : 5000 + random.nextInt(50_000);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("employees", Integer.toString(employees));
        attributes.put("utm_source", UTM[random.nextInt(UTM.length)]);
        if (random.nextDouble() < 0.3) {
            attributes.put("budget", Integer.toString(1000 * random.nextInt(200)));
        }
        String phone = random.nextDouble() < 0.5 ? null : "+1415555" + String.format("%04d", random.nextInt(10_000));
        String source = random.nextDouble() < 0.05 ? "partner-portal" : "form-website";
        return new Lead(source, "lead" + n + "@" + domain, phone, "Jo", "Doe", "Company " + n,
                random.nextBoolean() ? "Head of Sales" : null, country, random.nextBoolean() ? "Call me" : null, attributes);
    }

    static Policy policy() {
        List<Team> teams = List.of(
                team("americas", "America/New_York", 10),
                team("emea", "Europe/Berlin", 10),
                team("uk", "Europe/London", 10),
                team("apac", "Asia/Singapore", 10),
                team("anz", "Australia/Sydney", 10));
        List<Queue> queues = List.of(
                new Queue("partners", "Partner leads", List.of("americas", "emea"), 3, Duration.ofMinutes(30), Map.of()),
                new Queue("smb", "Small businesses", List.of("americas", "emea", "uk"), 3, Duration.ofMinutes(30), Map.of()),
                new Queue("pool", "Enterprise pool", List.of("americas", "emea", "uk", "apac"), 2, Duration.ofMinutes(30),
                        Map.of()));
        WorkingHours newYork = teams.get(0).members().get(0).hours();
        List<Ladder> ladders = List.of(new Ladder("enterprise", newYork, List.of(
                new Ladder.Offer("americas", Strategy.ROUND_ROBIN, Duration.ofMinutes(10)),
                new Ladder.Pool("pool", 10, Duration.ofMinutes(30)),
                new Ladder.Fallback())));
        List<String> northAmerica = List.of("US", "CA");
        List<String> dach = List.of("DE", "AT", "CH");
        List<String> latam = List.of("BR", "MX", "AR", "CL", "CO");
        List<String> apac = List.of("SG", "JP", "IN", "HK", "MY", "TH");
        List<Rule> rules = List.of(
                rule("key-accounts", push(Strategy.ROUND_ROBIN, "americas", true), field("email", new Matcher.Domain(
                        List.of("bigcorp.com", "megacorp.com", "hugeco.com")))),
                rule("public-sector", push(Strategy.ROUND_ROBIN, "americas", false),
                        field("email", new Matcher.EndsWith(List.of(".gov", ".gov.uk", ".mil")))),
                rule("partner-referrals", new Action.Pull("partners", 5),
                        field("source", new Matcher.OneOf(List.of("partner-portal", "reseller-api")))),
                rule("phone-only", new Action.Pull("smb", 0), field("email", new Matcher.Present(false)),
                        field("phone", new Matcher.Present(true))),
                rule("enterprise-north-america", new Action.UseLadder("enterprise"),
                        field("attributes.employees", range(5000, null)), field("country", new Matcher.OneOf(northAmerica))),
                rule("enterprise-dach", push(Strategy.WEIGHTED, "emea", true),
                        field("attributes.employees", range(5000, null)), field("country", new Matcher.OneOf(dach))),
                rule("big-budget", push(Strategy.LEAST_LOADED, "uk", false), field("attributes.budget", range(150_000, null)),
                        new Condition.Any(List.of(field("country", new Matcher.OneOf(List.of("GB", "IE"))),
                                field("email", new Matcher.Domain(List.of("umbrella.co.uk")))))),
                rule("paid-campaigns-outside-core", push(Strategy.ROUND_ROBIN, "apac", false),
                        new Condition.Any(List.of(field("attributes.utm_source", new Matcher.OneOf(List.of("bing", "yahoo"))),
                                field("attributes.utm_medium", new Matcher.OneOf(List.of("cpc", "ppc"))))),
                        new Condition.Not(field("country", new Matcher.OneOf(List.of("US", "CA", "DE", "AT", "CH", "GB", "IE",
                                "FR", "NL", "BR", "MX"))))),
                rule("small-north-america", new Action.Pull("smb", 0), field("attributes.employees", range(null, 50)),
                        field("country", new Matcher.OneOf(northAmerica))),
                rule("mid-market-dach", push(Strategy.WEIGHTED, "emea", false), field("country", new Matcher.OneOf(dach)),
                        field("attributes.employees", range(50, 5000))),
                rule("mid-market-north-america", push(Strategy.WEIGHTED, "americas", false),
                        field("country", new Matcher.OneOf(northAmerica)), field("attributes.employees", range(50, 5000))),
                rule("uk-and-ireland", push(Strategy.ROUND_ROBIN, "uk", false),
                        field("country", new Matcher.OneOf(List.of("GB", "IE")))),
                rule("benelux-and-france", push(Strategy.ROUND_ROBIN, "emea", false),
                        field("country", new Matcher.OneOf(List.of("FR", "NL", "BE", "LU")))),
                rule("uk-phones", push(Strategy.ROUND_ROBIN, "uk", false), field("phone", new Matcher.StartsWith(List.of("+44", "+353")))),
                rule("latam", push(Strategy.ROUND_ROBIN, "americas", false), field("country", new Matcher.OneOf(latam))),
                rule("anz", push(Strategy.ROUND_ROBIN, "anz", false), field("country", new Matcher.OneOf(List.of("AU", "NZ")))),
                rule("asia", push(Strategy.ROUND_ROBIN, "apac", false), field("country", new Matcher.OneOf(apac))),
                rule("free-mail-rest", new Action.Pull("smb", 0), field("email", new Matcher.Domain(List.of("gmail.com",
                        "outlook.com", "yahoo.com")))),
                rule("titled-rest", push(Strategy.ROUND_ROBIN, "emea", false), field("title", new Matcher.Present(true))),
                new Rule("everyone-else", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "americas", false, true)));
        Rep fallback = new Rep("sales-manager", "Sales manager", Map.of(Crms.SALESFORCE, "005000000000999AAA"), true);
        return new Policy(teams, queues, ladders, rules, fallback, null, List.of());
    }

    private static Team team(String id, String zone, int size) {
        WorkingHours hours = new WorkingHours(ZoneId.of(zone), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0), LocalTime.of(17, 30));
        List<Rep> members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            String repId = id + "-" + (i < 10 ? "0" : "") + i;
            members.add(new Rep(repId, "Rep " + repId, Map.of(Crms.SALESFORCE, String.format("005%s%02dAAA", pad(id), i)),
                    i % 4 == 0 ? 2 : 1, new Caps(60, 25), hours, Set.of(), true, false));
        }
        return new Team(id, id, members);
    }

    private static String pad(String id) {
        return (id + "xxxxxxxxxx").substring(0, 10);
    }

    private static Action push(Strategy strategy, String teamId, boolean sticky) {
        return new Action.Push(strategy, teamId, sticky, false);
    }

    private static Rule rule(String id, Action then, Condition... when) {
        return new Rule(id, "", List.of(when), then);
    }

    private static Condition field(String name, Matcher matcher) {
        return new Condition.Field(name, matcher);
    }

    private static Matcher range(Integer min, Integer max) {
        return new Matcher.Range(min == null ? null : BigDecimal.valueOf(min), max == null ? null : BigDecimal.valueOf(max));
    }
}
