package io.leadrouter.distribution;

import java.util.List;

/** The policy file cannot be used; the message lists every problem as {@code <file>: <path>: <problem> — fix: <what to do>}. */
public class PolicyException extends RuntimeException {
    private final List<String> problems;

    public PolicyException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, in file order. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        String header = problems.size() == 1
                ? "the distribution policy has 1 problem:"
                : "the distribution policy has " + problems.size() + " problems:";
        return header + "\n  " + String.join("\n  ", problems);
    }
}
