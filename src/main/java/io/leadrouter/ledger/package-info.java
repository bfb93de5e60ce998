/**
 * The ledger: durable inbox, decisions, round-robin cursors, outbox and CRM write results, over JDBC on H2 or
 * PostgreSQL. Coordination between replicas goes through row locks and unique constraints here, nowhere else.
 */
package io.leadrouter.ledger;
