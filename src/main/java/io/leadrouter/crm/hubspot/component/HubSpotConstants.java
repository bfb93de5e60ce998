package io.leadrouter.crm.hubspot.component;

import org.apache.camel.spi.Metadata;

/** Exchange headers the HubSpot component reads (input) and sets (output). */
public final class HubSpotConstants {

    @Metadata(label = "producer", description = "The id of the record that contactRead, contactUpdate or taskUpdate acts on.",
              javaType = "String")
    public static final String OBJECT_ID = "CamelHubSpotObjectId";
    @Metadata(label = "producer", description = "The contact a created lead or task is associated with (required for leadCreate and"
                                                + " taskCreate).", javaType = "String")
    public static final String CONTACT_ID = "CamelHubSpotContactId";
    @Metadata(label = "producer", description = "The owner id (the id from the owners API, not the user id) written to"
                                                + " hubspot_owner_id by leadCreate and taskCreate.", javaType = "String")
    public static final String OWNER_ID = "CamelHubSpotOwnerId";
    @Metadata(label = "producer", description = "The task queue id taskCreate writes to hs_queue_membership_ids.",
              javaType = "String")
    public static final String TASK_QUEUE_ID = "CamelHubSpotTaskQueueId";
    @Metadata(label = "producer", description = "Properties contactRead asks for (a collection or a comma-separated string).",
              javaType = "String")
    public static final String PROPERTIES = "CamelHubSpotProperties";
    @Metadata(label = "producer", description = "ownersList: true lists the archived owners instead of the active ones.",
              javaType = "Boolean")
    public static final String ARCHIVED = "CamelHubSpotArchived";
    @Metadata(label = "producer", description = "The CRM object type search looks in: contacts, companies, deals, leads…",
              javaType = "String")
    public static final String OBJECT_TYPE = "CamelHubSpotObjectType";

    @Metadata(label = "producer", description = "HTTP status of HubSpot's last answer.", javaType = "Integer")
    public static final String STATUS_CODE = "CamelHubSpotStatusCode";
    @Metadata(label = "producer", description = "Value of X-HubSpot-RateLimit-Max: calls allowed in the rolling interval.",
              javaType = "Long")
    public static final String RATE_LIMIT_MAX = "CamelHubSpotRateLimitMax";
    @Metadata(label = "producer", description = "Value of X-HubSpot-RateLimit-Remaining: calls left in the rolling interval.",
              javaType = "Long")
    public static final String RATE_LIMIT_REMAINING = "CamelHubSpotRateLimitRemaining";
    @Metadata(label = "producer", description = "Value of X-HubSpot-RateLimit-Interval-Milliseconds: the rolling interval.",
              javaType = "Long")
    public static final String RATE_LIMIT_INTERVAL_MILLISECONDS = "CamelHubSpotRateLimitIntervalMilliseconds";
    @Metadata(label = "producer", description = "Value of X-HubSpot-RateLimit-Daily: calls allowed per day.", javaType = "Long")
    public static final String RATE_LIMIT_DAILY = "CamelHubSpotRateLimitDaily";
    @Metadata(label = "producer", description = "Value of X-HubSpot-RateLimit-Daily-Remaining: calls left today.",
              javaType = "Long")
    public static final String RATE_LIMIT_DAILY_REMAINING = "CamelHubSpotRateLimitDailyRemaining";
    @Metadata(label = "producer", description = "HubSpot's X-HubSpot-Correlation-Id of the last answer, for support tickets.",
              javaType = "String")
    public static final String CORRELATION_ID = "CamelHubSpotCorrelationId";

    private HubSpotConstants() {
    }
}
