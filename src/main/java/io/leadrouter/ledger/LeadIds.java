package io.leadrouter.ledger;

import java.security.SecureRandom;
import java.util.UUID;

/** Lead ids: time-ordered UUIDs (version 7), so the pending queue is claimed in arrival order by primary key. */
public final class LeadIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LeadIds() {
    }

    public static String next(long epochMillis) {
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (epochMillis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The millisecond {@link #next} was given for this id (its receipt), or -1 when it is not a version 7 UUID. */
    public static long epochMillis(String leadId) {
        try {
            UUID id = UUID.fromString(leadId);
            return id.version() == 7 ? id.getMostSignificantBits() >>> 16 : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
