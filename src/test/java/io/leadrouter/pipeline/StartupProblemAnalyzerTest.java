package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadrouter.distribution.PolicyException;
import io.leadrouter.mapping.MappingException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class StartupProblemAnalyzerTest {
    private final StartupProblemAnalyzer analyzer = new StartupProblemAnalyzer();

    @Test
    void reportsEveryPolicyProblemFoundDeepInTheStartupFailure() {
        BeanCreationException failure = new BeanCreationException("policy", "wrapped",
                new PolicyException(List.of("policy/distribution.yaml: teams: missing — fix: add a team", "second problem")));

        FailureAnalysis analysis = analyzer.analyze(failure);

        assertThat(analysis.getDescription()).contains("distribution policy has 2 problem(s)", "fix: add a team", "second problem");
    }

    @Test
    void reportsMappingProblemsAndIgnoresOtherFailures() {
        FailureAnalysis analysis = analyzer.analyze(new IllegalStateException("boot",
                new MappingException(List.of("mappings/x.mapping.yaml: no examples — fix: add one"))));

        assertThat(analysis.getDescription()).contains("mapping files has 1 problem(s)", "no examples");
        assertThat(analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
    }
}
