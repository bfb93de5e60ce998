package io.leadrouter.lead;

/** One reason a submission cannot become a lead: the field it concerns and a message a person can act on. */
public record FieldViolation(String field, String message) {
}
