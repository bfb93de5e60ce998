/**
 * HubSpot write-back and roster sync over the {@code hubspot:} Camel component: contacts are upserted by email in
 * batches of at most 100, and each routed lead becomes either a push (an owner written) or a pull (a queued task).
 * It also registers the component and turns its typed failures into the writer's outcomes: per-input batch errors to
 * the dead-letter list, a daily rate limit or refused credentials to a paused writer.
 *
 * <p>API choices, and why:
 * <ul>
 * <li><b>Date-versioned paths, not v3.</b> The component calls {@code /crm/objects/2026-03/...} and
 * {@code /crm/owners/2026-03} by default: since March 2026 HubSpot versions its REST APIs by date, advises new
 * integrations to use the latest date version and to migrate straight to it, and ends support for v1–v3 in September
 * 2027. One option ({@code apiVersion}) moves every path, to a later date version or back to {@code v3}.</li>
 * <li><b>Push writes the contact's owner.</b> {@link io.leadrouter.crm.hubspot.HubSpotLeadWriter} upserts the contact by
 * email with {@code hubspot_owner_id} and our lead id ({@code leadrouter_id}); a source may write to Salesforce and
 * HubSpot at once, and the same rep owns the lead in both. HubSpot's Leads object ({@code leadCreate}, type 578) is
 * the richer record for prospecting workspaces but needs a Sales Hub seat; the writer does not create one yet.</li>
 * <li><b>Pull is an unassigned task in a task queue, associated with the contact.</b> HubSpot has no Salesforce-style
 * queue owner for records; a task queue is the list reps work from inside HubSpot, a task without an owner in it is
 * claimable by whoever takes it ({@code hs_queue_membership_ids}, task to contact type 204), and the claim arrives back
 * as the task's owner change through a webhook.</li>
 * <li><b>Owners by owner id.</b> Assignments use the owners API {@code id}, never {@code userId}, which HubSpot
 * refuses as an owner.</li>
 * </ul>
 */
package io.leadrouter.crm.hubspot;
