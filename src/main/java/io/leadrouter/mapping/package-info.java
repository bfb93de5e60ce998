/**
 * The mapping engine: loads {@code mappings/<id>.mapping.yaml} files and turns a source's raw payload into a
 * validated {@link io.leadrouter.lead.Lead} with JsonPath lookups and named transforms. Plain Java (Jackson,
 * JsonPath, the lead model), never Spring or Camel, and message data is never evaluated as an expression.
 */
package io.leadrouter.mapping;
