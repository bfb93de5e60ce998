/**
 * What the CRM adapters share: which canonical lead field goes to which CRM field (configuration, validated at start).
 * Each CRM's own write-back and roster code lives in its sub-package.
 */
package io.leadrouter.crm;
