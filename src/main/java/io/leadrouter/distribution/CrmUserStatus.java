package io.leadrouter.distribution;

/** What a CRM's last roster sync says of a user id there. */
public enum CrmUserStatus {
    /** In the roster and active: may own leads. */
    ACTIVE,
    /** In the roster but deactivated (a HubSpot owner that is archived): never assigned. */
    INACTIVE,
    /** Not in the fetched roster of active users (deactivated, deleted or a wrong id): never assigned. */
    ABSENT,
    /** No roster of that CRM is known (sync off, or never succeeded): the id is taken on trust. */
    NOT_CHECKED
}
