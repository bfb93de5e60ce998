package io.leadrouter.distribution;

/** Where a lead stands in its life; only {@link #DONE} is final. */
public enum LeadStatus {
    /** Nobody could take it; decided again later. */
    HELD,
    /** A rep owns it. */
    ASSIGNED,
    /** Offered to one rep by a ladder step, until its deadline or their first touch. */
    OFFERED,
    /** Offered to a partner team, until one of them accepts or the window closes. */
    PARTNER_OFFERED,
    /** Waiting in a pull queue. */
    QUEUED,
    /** Claimed from a queue by a rep, until they touch it or the claim expires. */
    CLAIMED,
    /** Worked and closed by its owner. */
    DONE;

    /** True when the lead counts toward its rep's open leads in this status. */
    public boolean holdsRep() {
        return this == ASSIGNED || this == OFFERED || this == CLAIMED;
    }
}
