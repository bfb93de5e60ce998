package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadrouter.distribution.Notice;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.PolicyLoader;
import io.leadrouter.lead.Lead;
import io.leadrouter.ledger.LedgerWrite;
import io.leadrouter.ledger.Notifications;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class NotificationComposerTest {
    private static final Policy POLICY = PolicyLoader.parse("policy/distribution.yaml", """
            reps:
              - id: alice
                crm: { salesforce: 005000000000001AAA }
                notify: { slack: "{{leadrouter.notify.slack.alice}}", email: alice@example.com }
            teams:
              - { id: inside-sales, members: [alice], manager: boss@example.com }
            rules:
              - { id: everyone, when: {}, then: { push: { team: inside-sales, strategy: round-robin } } }
            """);
    private static final Lead LEAD = new Lead("form-website", "jo.doe@private.example", "+4915112345678", "Jo", "Doe",
            "Acme", null, "DE", null, null, null, "call me about my secret project", null, Map.of());

    @Test
    void aMissingWebhookSettingStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> new NotificationComposer(POLICY, NotificationConfiguration.placeholders(new MockEnvironment())))
                .hasMessageContaining("set the property leadrouter.notify.slack.alice (or the environment variable"
                        + " LEADROUTER_NOTIFY_SLACK_ALICE)");
    }

    @Test
    void messagesCarryNameCompanyAndSourceOnlyAndNeverTheWebhookUrl() {
        MockEnvironment env = new MockEnvironment().withProperty("leadrouter.notify.slack.alice", "https://hooks.example/T/B/secret");
        NotificationComposer composer = new NotificationComposer(POLICY, NotificationConfiguration.placeholders(env));

        List<LedgerWrite.NotificationRow> rows = composer.rows(List.of(new Notice("L1", Notice.Kind.ASSIGNED, "alice", null),
                new Notice("L1", Notice.Kind.SLA_BREACH, "boss@example.com", "claim expired untouched")), LEAD, "salesforce");

        assertThat(rows).extracting(LedgerWrite.NotificationRow::channel, LedgerWrite.NotificationRow::recipient).containsExactly(
                org.assertj.core.groups.Tuple.tuple("slack", "{{leadrouter.notify.slack.alice}}"),
                org.assertj.core.groups.Tuple.tuple("email", "alice@example.com"),
                org.assertj.core.groups.Tuple.tuple("email", "boss@example.com"));
        assertThat(rows.get(0).body()).isEqualTo("New lead for you: Jo Doe (Acme)\nLead: Jo Doe\nCompany: Acme\nSource: form-website\n");
        assertThat(rows.get(2).subject()).isEqualTo("SLA breach on lead Jo Doe (Acme): claim expired untouched");
        assertThat(rows).allSatisfy(r -> assertThat(r.subject() + r.body()).doesNotContain("jo.doe@").doesNotContain("+49")
                .doesNotContain("secret"));
    }

    @Test
    void theLinkIsTheCrmRecordOnceWrittenElseTheConsole() {
        NotifyProperties properties = new NotifyProperties(true, null, 0, null, null, null, 0, "acme.my.salesforce.com", "424242");
        NotificationSender sender = new NotificationSender(null, properties, "https://leads.example.com/", s -> s);

        assertThat(sender.link(entry("salesforce", "00Q5g00000AbCdEFGH"))).isEqualTo("https://acme.my.salesforce.com/lightning/r/Lead/00Q5g00000AbCdEFGH/view");
        assertThat(sender.link(entry("hubspot", "901"))).isEqualTo("https://app.hubspot.com/contacts/424242/record/0-1/901");
        assertThat(sender.link(entry("salesforce", null))).isEqualTo("https://leads.example.com/leads/L1");
        NotificationSender noCrmAddress = new NotificationSender(null, new NotifyProperties(true, null, 0, null, null, null, 0,
                null, null), "https://leads.example.com", s -> s);
        assertThat(noCrmAddress.link(entry("hubspot", "901"))).isEqualTo("https://leads.example.com/leads/L1");
    }

    private static Notifications.Entry entry(String crm, String recordId) {
        return new Notifications.Entry(1, "L1", crm, recordId, "email", "a@example.com", "s", "b", 1);
    }
}
