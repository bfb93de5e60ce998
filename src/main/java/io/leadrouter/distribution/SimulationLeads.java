package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic leads for one month: each region's leads arrive mostly in its own weekday business hours (peaks late
 * morning and mid-afternoon, a trickle at night, a fifth of the weekday rate at weekends), with countries, segments
 * (enterprise / mid-market / SMB) and company sizes drawn from fixed shares. Same seed, same leads.
 */
final class SimulationLeads {
    static final String SOURCE = "form-website";
    static final double ENTERPRISE_SHARE = 0.15;
    static final double SMB_SHARE = 0.30;

    /** Relative arrival rate per local hour of a weekday. */
    private static final double[] HOURLY = {
            0.05, 0.04, 0.04, 0.04, 0.05, 0.08, 0.15, 0.35, 0.80, 1.60, 2.00, 2.00,
            1.40, 1.60, 1.90, 1.80, 1.50, 1.00, 0.60, 0.40, 0.30, 0.20, 0.12, 0.08};
    private static final double WEEKEND = 0.2;

    /** One lead and when it arrives. */
    record Arrival(String leadId, Instant at, Lead lead, SimulationPolicy.Region region, String segment) {
    }

    private SimulationLeads() {
    }

    static List<Arrival> generate(YearMonth month, int count, SplittableRandom random) {
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        int minutes = month.lengthOfMonth() * 24 * 60;
        List<SimulationPolicy.Region> regions = SimulationPolicy.REGIONS;
        double[][] cumulative = new double[regions.size()][];
        for (int r = 0; r < regions.size(); r++) {
            cumulative[r] = cumulativeRate(regions.get(r), start, minutes);
        }
        double[] regionShares = regions.stream().mapToDouble(SimulationPolicy.Region::share).toArray();
        List<Arrival> drafts = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int r = pick(regionShares, random);
            SimulationPolicy.Region region = regions.get(r);
            double[] cdf = cumulative[r];
            int minute = Arrays.binarySearch(cdf, random.nextDouble() * cdf[cdf.length - 1]);
            minute = Math.min(minute < 0 ? -minute - 1 : minute, minutes - 1);
            Instant at = start.plusSeconds(minute * 60L + random.nextInt(60)).plusMillis(random.nextInt(1000));
            drafts.add(new Arrival(null, at, null, region, null));
        }
        drafts.sort(Comparator.comparing(Arrival::at));
        List<Arrival> arrivals = new ArrayList<>(count);
        for (int n = 0; n < drafts.size(); n++) {
            Arrival draft = drafts.get(n);
            String id = String.format("lead-%05d", n + 1);
            double s = random.nextDouble();
            String segment = s < ENTERPRISE_SHARE ? "enterprise" : s < ENTERPRISE_SHARE + SMB_SHARE ? "smb" : "mid-market";
            arrivals.add(new Arrival(id, draft.at(), lead(n + 1, draft.region(), segment, random), draft.region(), segment));
        }
        return arrivals;
    }

    private static Lead lead(int n, SimulationPolicy.Region region, String segment, SplittableRandom random) {
        String country = region.countries().get(pick(region.countryShares(), random));
        int employees = switch (segment) {
            case "enterprise" -> 1000 + random.nextInt(49_000);
            case "smb" -> 1 + random.nextInt(49);
            default -> 50 + random.nextInt(950);
        };
        int company = 1 + random.nextInt(4000);
        String domain = random.nextDouble() < 0.1 ? "gmail.com" : "company" + company + ".example.com";
        return new Lead(SOURCE, "lead" + n + "@" + domain, null, "Lead", "Number " + n, "Company " + company, null,
                country, null, Map.of("segment", segment, "employees", Integer.toString(employees)));
    }

    /** Running sum of the region's arrival rate per minute of the month. */
    private static double[] cumulativeRate(SimulationPolicy.Region region, Instant start, int minutes) {
        double[] cdf = new double[minutes];
        double sum = 0;
        for (int m = 0; m < minutes; m++) {
            ZonedDateTime local = start.plusSeconds(m * 60L).atZone(region.zone());
            DayOfWeek day = local.getDayOfWeek();
            double rate = HOURLY[local.getHour()] * (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? WEEKEND : 1.0);
            sum += rate;
            cdf[m] = sum;
        }
        return cdf;
    }

    private static int pick(double[] shares, SplittableRandom random) {
        double total = 0;
        for (double s : shares) {
            total += s;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < shares.length; i++) {
            x -= shares[i];
            if (x < 0) {
                return i;
            }
        }
        return shares.length - 1;
    }
}
