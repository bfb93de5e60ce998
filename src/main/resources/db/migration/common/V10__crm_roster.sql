-- Each CRM's roster as its last successful sync saw it, shared by every replica: the users (Salesforce users,
-- HubSpot owners) with whether they may own records, and Salesforce queue members. A failed sync changes none of it.
CREATE TABLE crm_roster_users (
    crm      VARCHAR(32)  NOT NULL,
    user_id  VARCHAR(64)  NOT NULL,                   -- Salesforce user id (18 characters) | HubSpot owner id
    active   BOOLEAN      NOT NULL,                   -- false: deactivated (a HubSpot owner that is archived)
    email    VARCHAR(320),
    PRIMARY KEY (crm, user_id)
);

CREATE TABLE crm_roster_queue_members (
    crm       VARCHAR(32) NOT NULL,
    queue_id  VARCHAR(64) NOT NULL,                   -- the Queue's Group id (00G…)
    member_id VARCHAR(64) NOT NULL,                   -- a user id, or a group nested in the queue
    PRIMARY KEY (crm, queue_id, member_id)
);

-- One row per CRM: when the roster was last fetched (null: never), the last attempt and its error (null: it worked).
-- Its row is locked while a replica stores a roster, so two replicas never interleave their writes.
CREATE TABLE crm_roster_sync (
    crm          VARCHAR(32) PRIMARY KEY,
    fetched_at   TIMESTAMP WITH TIME ZONE,
    users        INTEGER     NOT NULL,
    attempted_at TIMESTAMP WITH TIME ZONE,
    error        VARCHAR(2000)
);

INSERT INTO crm_roster_sync (crm, users) VALUES ('salesforce', 0);
INSERT INTO crm_roster_sync (crm, users) VALUES ('hubspot', 0);
