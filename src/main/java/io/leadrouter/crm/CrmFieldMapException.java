package io.leadrouter.crm;

import java.util.List;

/** A CRM field mapping in the configuration that cannot work; each problem names the property and the fix. */
public class CrmFieldMapException extends RuntimeException {
    private final List<String> problems;

    public CrmFieldMapException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
