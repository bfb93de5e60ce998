/**
 * The composition root: wires intake routes, mapping, distribution, the ledger and CRM writers into one
 * application. It is the only package that sees all the others.
 */
package io.leadrouter.pipeline;
