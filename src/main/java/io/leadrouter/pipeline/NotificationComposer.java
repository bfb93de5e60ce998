package io.leadrouter.pipeline;

import io.leadrouter.distribution.Notice;
import io.leadrouter.distribution.NotifyTo;
import io.leadrouter.distribution.Policy;
import io.leadrouter.lead.Lead;
import io.leadrouter.ledger.LedgerWrite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Turns {@link Notice}s into the notification rows stored with the transition: one per channel the recipient has
 * (Slack: the webhook's placeholder, resolved only when sent, so the secret URL is never stored; email). Messages are short and carry only what the rep needs: the
 * lead's name, company and source (the link is added when sent).
 */
public class NotificationComposer {
    public static final String SLACK = "slack";
    public static final String EMAIL = "email";

    private final Policy policy;

    /** {@code resolve}: a {@code {{placeholder}}} to its value; fails naming the property when it has none (checked here, at start). */
    public NotificationComposer(Policy policy, UnaryOperator<String> resolve) {
        this.policy = policy;
        policy.notifySettings().values().forEach(n -> {
            if (n.slack() != null) {
                resolve.apply(n.slack());
            }
        });
    }

    public List<LedgerWrite.NotificationRow> rows(List<Notice> notices, Lead lead, String crm) {
        List<LedgerWrite.NotificationRow> rows = new ArrayList<>();
        for (Notice notice : notices) {
            String subject = subject(notice, lead);
            String body = body(notice, lead);
            if (notice.recipient().contains("@")) {
                rows.add(new LedgerWrite.NotificationRow(notice.leadId(), crm, EMAIL, notice.recipient(), subject, body));
                continue;
            }
            NotifyTo to = policy.notifyTo(notice.recipient());
            if (to.slack() != null) {
                rows.add(new LedgerWrite.NotificationRow(notice.leadId(), crm, SLACK, to.slack(), subject, body));
            }
            if (to.email() != null) {
                rows.add(new LedgerWrite.NotificationRow(notice.leadId(), crm, EMAIL, to.email(), subject, body));
            }
        }
        return rows;
    }

    private static String subject(Notice notice, Lead lead) {
        String who = who(lead);
        switch (notice.kind()) {
            case ASSIGNED:
                return "New lead for you: " + who;
            case QUEUED:
                return "New lead in queue " + notice.detail() + ": " + who;
            default:
                return "SLA breach on lead " + who + ": " + notice.detail();
        }
    }

    private static String body(Notice notice, Lead lead) {
        StringBuilder b = new StringBuilder();
        b.append(subject(notice, lead)).append('\n');
        b.append("Lead: ").append(name(lead)).append('\n');
        if (lead != null && lead.company() != null) {
            b.append("Company: ").append(lead.company()).append('\n');
        }
        if (lead != null) {
            b.append("Source: ").append(lead.sourceId()).append('\n');
        }
        return b.toString();
    }

    private static String who(Lead lead) {
        return lead == null || lead.company() == null ? name(lead) : name(lead) + " (" + lead.company() + ")";
    }

    private static String name(Lead lead) {
        if (lead == null) {
            return "(unreadable lead)";
        }
        String name = ((lead.firstName() == null ? "" : lead.firstName()) + " " + (lead.lastName() == null ? "" : lead.lastName())).strip();
        return name.isEmpty() ? "(no name)" : name;
    }
}
