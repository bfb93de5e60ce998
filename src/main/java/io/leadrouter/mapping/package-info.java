/**
 * The mapping engine: reads a submission's exact bytes ({@link io.leadrouter.mapping.Payloads}: JSON, forms, XML,
 * email — each bounded), splits a vendor batch into events ({@code events:}, {@code eventKey:}, {@code test:},
 * {@code fieldList:}) and turns each event into a validated {@link io.leadrouter.lead.Lead} with JsonPath lookups
 * and named transforms, as declared by {@code mappings/<id>.mapping.yaml} (structure in
 * {@code mappings/mapping.schema.json}). Plain Java, never Spring or Camel; message data is never evaluated.
 */
package io.leadrouter.mapping;
