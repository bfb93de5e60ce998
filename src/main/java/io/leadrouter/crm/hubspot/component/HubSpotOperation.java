package io.leadrouter.crm.hubspot.component;

/** The HubSpot calls a {@code hubspot:} endpoint can make; the URI path names one. */
public enum HubSpotOperation {
    /** Create or update up to 100 contacts by email (or another unique property): body {@code List<Map<String, Object>>}. */
    contactsBatchUpsert,
    /** Read one contact: id in {@link HubSpotConstants#OBJECT_ID}. */
    contactRead,
    /** Update one contact's properties: id in {@link HubSpotConstants#OBJECT_ID}, body {@code Map<String, Object>}. */
    contactUpdate,
    /** List every owner, following the {@code after} cursor; archived ones with {@link HubSpotConstants#ARCHIVED} true. */
    ownersList,
    /**
     * Search one object type ({@link HubSpotConstants#OBJECT_TYPE}) with HubSpot's search request as the body
     * ({@code filterGroups}, {@code properties}, {@code sorts}, {@code limit}); answers the first page's records.
     */
    search,
    /** Create a record of HubSpot's Leads object associated with a contact. */
    leadCreate,
    /** Create a task associated with a contact, optionally in a task queue. */
    taskCreate,
    /** Update one task's properties: id in {@link HubSpotConstants#OBJECT_ID}. */
    taskUpdate
}
