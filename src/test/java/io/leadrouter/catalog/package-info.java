/**
 * Build-time checks of the source catalog: every lead source is a route in routes/ paired with a mapping in
 * mappings/. Each convention is a test whose failure names the file and the fix.
 */
package io.leadrouter.catalog;
