package io.leadrouter.distribution;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/** Whether a rep can take a lead now, and if not why, in words for the trace. */
final class Eligibility {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

    /** The skip reason's code when the CRM's roster says the rep's user there may not own records. */
    static final String CRM_USER_INACTIVE = "CRM_USER_INACTIVE";

    /** Why a rep was passed over: gone (not counted at all), away for now (may catch up later), or full (caps). */
    enum Kind { GONE, AWAY, FULL }

    /** A rep who cannot take the lead; {@code availableAgain} is when that may change by itself, or null. */
    record Skip(Kind kind, String reason, Instant availableAgain) {
    }

    private Eligibility() {
    }

    /** Null when the rep can take a lead written to all of {@code crms} now (a rep needs an id in each). */
    static Skip check(Rep rep, Set<String> crms, Instant now, DistributionState state) {
        if (!rep.active()) {
            return new Skip(Kind.GONE, "inactive", null);
        }
        if (!rep.partner()) {
            for (String crm : crms) {
                String crmUserId = rep.crmUserId(crm);
                if (crmUserId == null) {
                    return new Skip(Kind.GONE, "no " + Crms.idWords(crm), null);
                }
                CrmUserStatus status = state.crmUser(crm, crmUserId);
                if (status == CrmUserStatus.INACTIVE || status == CrmUserStatus.ABSENT) {
                    return new Skip(Kind.GONE, CRM_USER_INACTIVE + ": " + Crms.idWords(crm) + " " + crmUserId
                            + (status == CrmUserStatus.INACTIVE ? " is deactivated in " + Crms.displayName(crm)
                                    : " is not among " + Crms.displayName(crm) + "'s active users")
                            + " (roster sync)", null);
                }
            }
        }
        Availability availability = state.availability(rep.id());
        switch (availability.at(now)) {
            case PAUSED -> {
                return new Skip(Kind.AWAY, "paused" + until(availability, rep.zone()), availability.until());
            }
            case OUT_OF_OFFICE -> {
                return new Skip(Kind.AWAY, "out of office" + until(availability, rep.zone()), availability.until());
            }
            case AVAILABLE -> {
            }
        }
        if (rep.hours() != null && !rep.hours().isOpen(now)) {
            Instant back = rep.hours().nextOpen(now);
            return new Skip(Kind.AWAY, "outside working hours (" + rep.hours().describe() + "; back "
                    + LOCAL.format(back.atZone(rep.hours().zone())) + ")", back);
        }
        return capsReached(rep, now, state);
    }

    /** Null while the rep is under their caps (per day in their zone, open leads), else why not. */
    static Skip capsReached(Rep rep, Instant now, DistributionState state) {
        Caps caps = rep.caps().overriddenBy(state.capsOverride(rep.id()));
        if (caps.perDay() != null) {
            LocalDate today = today(rep, now);
            int received = state.leadsOn(rep.id(), today);
            if (received >= caps.perDay()) {
                Instant tomorrow = today.plusDays(1).atStartOfDay(rep.zone()).toInstant();
                return new Skip(Kind.FULL, "daily cap " + caps.perDay() + " reached (" + received + " on " + today
                        + " in " + rep.zone().getId() + ")", tomorrow);
            }
        }
        if (caps.open() != null) {
            int open = state.openLeads(rep.id());
            if (open >= caps.open()) {
                return new Skip(Kind.FULL, "open-lead cap " + caps.open() + " reached (" + open + " open)", null);
            }
        }
        return null;
    }

    /** The rep's calendar day at {@code now}, in their zone: the day their daily cap counts. */
    static LocalDate today(Rep rep, Instant now) {
        return now.atZone(rep.zone()).toLocalDate();
    }

    private static String until(Availability availability, ZoneId zone) {
        return availability.until() == null ? "" : " until " + availability.until().atZone(zone).toLocalDateTime()
                + " " + zone.getId();
    }
}
