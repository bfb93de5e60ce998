package io.leadrouter.crm;

import java.util.Optional;

/** Port to one CRM: who owns the records of a person (by email) or a company (by domain) there, if anyone. */
public interface CrmOwnerLookup {

    /** The owner of the person's newest record with this email; empty when the CRM has none. Failures are thrown. */
    Optional<RecordOwner> byEmail(String email);

    /** The owner of the newest company record of this domain; empty when the CRM has none. Failures are thrown. */
    Optional<RecordOwner> byDomain(String domain);

    /**
     * A CRM record's owner.
     *
     * @param ownerId the CRM's user / owner id (Salesforce user id, HubSpot owner id)
     * @param record  which record, for traces (e.g. "Contact 0035g00000AbCdE")
     */
    record RecordOwner(String ownerId, String record) {
    }
}
