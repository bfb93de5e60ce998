package io.leadrouter.pipeline;

import io.leadrouter.crm.CrmFieldMapException;
import io.leadrouter.distribution.PolicyException;
import io.leadrouter.mapping.MappingException;
import java.util.List;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** Turns a broken policy or mapping file (or CRM field mapping) at start into a short report listing each problem and its fix. */
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
            if (cause instanceof CrmFieldMapException fields) {
                return new FailureAnalysis("leadrouter did not start: the CRM field mapping has " + fields.problems().size()
                        + " problem(s):\n  " + String.join("\n  ", fields.problems()),
                        "Fix the setting(s) named above (application.yaml, an environment variable or --name=value) and start"
                                + " again.", cause);
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
