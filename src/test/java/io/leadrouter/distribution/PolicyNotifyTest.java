package io.leadrouter.distribution;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyNotifyTest {
    private static final String FILE = "policy/distribution.yaml";

    private static final String POLICY = """
            reps:
              - id: alice
                crm: { salesforce: 005000000000001AAA }
                notify: { slack: "{{leadrouter.notify.slack.alice}}", email: Alice@Example.com }
              - { id: bob, crm: { salesforce: 005000000000002AAA } }
              - { id: carol, crm: { salesforce: 005000000000003AAA }, notify: { email: carol@example.com } }
            teams:
              - { id: inside-sales, members: [alice, bob], manager: carol }
              - { id: enterprise, members: [carol], manager: boss@example.com }
            rules:
              - { id: everyone, when: {}, then: { push: { team: inside-sales, strategy: round-robin } } }
            """;

    private static List<String> problems(String yaml) {
        try {
            PolicyLoader.parse(FILE, yaml);
        } catch (PolicyException e) {
            return e.problems();
        }
        throw new AssertionError("the policy was accepted");
    }

    @Test
    void readsNotifySettingsAndManagers() {
        Policy policy = PolicyLoader.parse(FILE, POLICY);

        assertThat(policy.notifyTo("alice")).isEqualTo(new NotifyTo("{{leadrouter.notify.slack.alice}}", "alice@example.com"));
        assertThat(policy.notifyTo("bob")).isEqualTo(NotifyTo.NONE);
        assertThat(policy.manager("inside-sales")).contains("carol");
        assertThat(policy.manager("enterprise")).contains("boss@example.com");
    }

    @Test
    void aLiteralWebhookUrlIsRefusedAsASecret() {
        assertThat(problems(POLICY.replace("{{leadrouter.notify.slack.alice}}", "https://hooks.slack.com/services/T0/B0/xyz")))
                .singleElement().asString()
                .contains("reps[0].notify.slack: a Slack webhook URL is a secret")
                .contains("fix: set it as a property or environment variable (e.g. leadrouter.notify.slack.alice)")
                .doesNotContain("xyz");
    }

    @Test
    void aBadEmailAddressIsNamed() {
        assertThat(problems(POLICY.replace("carol@example.com", "carol-at-example")))
                .anySatisfy(p -> assertThat(p).contains("reps[2].notify.email: 'carol-at-example' is not an email address"));
    }

    @Test
    void aManagerMustBeAKnownRepWithNotifySettingsOrAnAddress() {
        assertThat(problems(POLICY.replace("manager: carol", "manager: carl")))
                .singleElement().asString().contains("teams[0].manager: unknown rep 'carl'").contains("did you mean");
        assertThat(problems(POLICY.replace("manager: carol", "manager: bob")))
                .singleElement().asString().contains("teams[0].manager: manager 'bob' has no notify settings");
        assertThat(problems(POLICY.replace("boss@example.com", "boss@")))
                .singleElement().asString().contains("teams[1].manager: 'boss@' is not an email address");
    }

    @Test
    void anUnknownNotifyKeyIsAProblem() {
        assertThat(problems(POLICY.replace("email: carol@example.com", "sms: \"+4912345\"")))
                .anySatisfy(p -> assertThat(p).contains("reps[2].notify"));
    }

    @Test
    void thePolicyChecksManagersOfKnownTeams() {
        assertThatThrownBy(() -> new Policy(List.of(), List.of(), List.of(), List.of(), null, null, List.of(),
                java.util.Map.of(), java.util.Map.of("nobody", "boss@example.com")))
                .hasMessageContaining("unknown team 'nobody'");
    }
}
