package io.leadrouter.mapping;

import java.util.List;

/** A mapping file or folder that cannot be used; the message lists every problem with its fix. */
public class MappingException extends RuntimeException {

    private final List<String> problems;

    public MappingException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code <file>: <problem> — fix: <what to do>}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return problems.size() + " problems in mapping files:\n  " + String.join("\n  ", problems);
    }
}
