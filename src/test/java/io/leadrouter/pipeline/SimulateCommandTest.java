package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} from the command line: what-if over a leads file, the usage errors, and the synthetic month's flags. */
class SimulateCommandTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void decidesALeadsFileUnderTheShippedPolicy() throws Exception {
        Path leads = Files.writeString(temp.resolve("leads.json"), """
                [ { "sourceId": "form-website", "email": "jo@example.com", "submittedAt": "2025-03-03T10:00:00Z" },
                  { "sourceId": "form-website", "email": "sam@example.com", "submittedAt": "2025-03-03T10:01:00Z" } ]
                """);

        int status = run("--leads", leads.toString());

        assertThat(status).as(err.toString()).isZero();
        JsonNode decisions = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).path("decisions");
        assertThat(decisions.findValuesAsText("repId")).containsExactly("alice", "bob");
        assertThat(decisions.findValuesAsText("ruleId")).containsOnly("everyone");
    }

    @Test
    void comparesTwoPoliciesOnTheSameLeads() throws Exception {
        Path leads = Files.writeString(temp.resolve("leads.json"), """
                [ { "sourceId": "form-website", "email": "jo@example.com", "submittedAt": "2025-03-03T10:00:00Z" } ]
                """);
        String shipped = Files.readString(Path.of("policy/distribution.yaml"));
        String withoutExamples = shipped.substring(0, shipped.indexOf("\nexamples:") + 1);
        Path proposed = Files.writeString(temp.resolve("proposed.yaml"), withoutExamples.replace(
                "members: [alice, bob, carol, dave]", "members: [bob, alice, carol, dave]"));

        int status = run("--leads", leads.toString(), "--policy", proposed.toString(), "--against", "policy/distribution.yaml");

        assertThat(status).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.path("changed").asInt()).isEqualTo(1);
        assertThat(report.path("perRep").toString()).contains("\"repId\":\"alice\",\"current\":1,\"proposed\":0");
    }

    @Test
    void aBadLeadOrMissingFileIsAUsageError() throws Exception {
        Path leads = Files.writeString(temp.resolve("bad.json"), "[ { \"email\": \"nope\" } ]");

        assertThat(run("--leads", leads.toString())).isEqualTo(SimulateCommand.USAGE);
        assertThat(err.toString()).contains("leads[0]: not a valid lead");
        assertThat(run("--leads", temp.resolve("missing.json").toString())).isEqualTo(SimulateCommand.USAGE);
        assertThat(run("--leads", leads.toString(), "--seed", "3")).isEqualTo(SimulateCommand.USAGE);
    }
}
