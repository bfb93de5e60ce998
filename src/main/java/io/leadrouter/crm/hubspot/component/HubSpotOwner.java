package io.leadrouter.crm.hubspot.component;

/**
 * An owner from the owners API. Assign records with {@link #id()} ({@code hubspot_owner_id}); {@link #userId()} is the
 * user id, which HubSpot rejects as an owner.
 */
public record HubSpotOwner(String id, Long userId, String email, String firstName, String lastName, String type,
                           boolean archived) {
}
