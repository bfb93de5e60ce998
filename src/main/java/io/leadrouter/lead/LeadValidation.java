package io.leadrouter.lead;

import java.util.List;
import java.util.Objects;

/** The outcome of validating a submission: either a lead or the violations that stop it, never both. */
public record LeadValidation(Lead lead, List<FieldViolation> violations) {

    public LeadValidation {
        violations = violations == null ? List.of() : List.copyOf(violations);
        if ((lead == null) == violations.isEmpty()) {
            throw new IllegalArgumentException("a validation holds either a lead or at least one violation");
        }
    }

    public static LeadValidation valid(Lead lead) {
        return new LeadValidation(Objects.requireNonNull(lead, "lead"), List.of());
    }

    public static LeadValidation invalid(List<FieldViolation> violations) {
        return new LeadValidation(null, violations);
    }

    public boolean isValid() {
        return lead != null;
    }
}
