/**
 * Salesforce write-back over camel-salesforce: upserts each routed lead by our external id with its owner,
 * and classifies Salesforce's answers into written, retry later, or failed for good.
 */
package io.leadrouter.crm.salesforce;
