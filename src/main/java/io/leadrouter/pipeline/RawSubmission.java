package io.leadrouter.pipeline;

import java.util.Map;

/**
 * What a source route hands to the intake sink: the submitted fields (a JSON object, or form fields with
 * String or List values), the content type, and the client's idempotency key when it sent one.
 */
public record RawSubmission(String contentType, Map<String, Object> fields, String idempotencyKey) {
}
