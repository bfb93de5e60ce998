package io.leadrouter.pipeline;

import io.leadrouter.distribution.PolicyException;
import io.leadrouter.mapping.MappingException;
import java.util.List;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** Turns a broken policy or mapping file at start into a short report listing each problem and its fix. */
class StartupProblemAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PolicyException policy) {
                return report("the distribution policy", policy.problems(), cause);
            }
            if (cause instanceof MappingException mapping) {
                return report("the mapping files", mapping.problems(), cause);
            }
        }
        return null;
    }

    private static FailureAnalysis report(String what, List<String> problems, Throwable cause) {
        return new FailureAnalysis("leadrouter did not start: " + what + " has " + problems.size() + " problem(s):\n  "
                + String.join("\n  ", problems),
                "Fix the file(s) named above and start again; nothing was half-applied.", cause);
    }
}
