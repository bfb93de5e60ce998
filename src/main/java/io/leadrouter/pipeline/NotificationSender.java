package io.leadrouter.pipeline;

import io.leadrouter.distribution.Crms;
import io.leadrouter.ledger.Notifications;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sends one notification through Camel: Slack with camel-slack's incoming-webhook producer, email with camel-mail's
 * SMTP producer. Adds the link to the lead: its CRM record when written, else the admin console. Answers null when
 * sent, else the error (never the address or the body).
 */
public class NotificationSender {
    private final ProducerTemplate producer;
    private final NotifyProperties properties;
    private final String publicUrl;
    private final java.util.function.UnaryOperator<String> resolve;

    /** {@code resolve}: a Slack webhook's {@code {{placeholder}}} to the URL. */
    public NotificationSender(ProducerTemplate producer, NotifyProperties properties, String publicUrl,
            java.util.function.UnaryOperator<String> resolve) {
        this.producer = producer;
        this.resolve = resolve;
        this.properties = properties;
        this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    }

    public String send(Notifications.Entry entry) {
        String text = entry.body() + link(entry) + "\n";
        Exchange result;
        if (NotificationComposer.SLACK.equals(entry.channel())) {
            result = producer.send("slack:leadrouter?webhookUrl=RAW(" + resolve.apply(entry.recipient()) + ")",
                    e -> e.getMessage().setBody(text));
        } else if (NotificationComposer.EMAIL.equals(entry.channel())) {
            NotifyProperties.Smtp smtp = properties.smtp();
            if (smtp.host() == null || smtp.host().isBlank()) {
                return "no SMTP server: set leadrouter.notify.smtp.host";
            }
            StringBuilder uri = new StringBuilder("smtp://").append(smtp.host()).append(':').append(smtp.port())
                    .append("?from=").append(encode(smtp.from()));
            if (smtp.username() != null && !smtp.username().isBlank()) {
                uri.append("&username=").append(encode(smtp.username())).append("&password=RAW(")
                        .append(smtp.password() == null ? "" : smtp.password()).append(')');
            }
            result = producer.send(uri.toString(), e -> {
                e.getMessage().setHeader("To", entry.recipient());
                e.getMessage().setHeader("Subject", entry.subject());
                e.getMessage().setHeader("Message-ID", "<notification-" + entry.id() + "@leadrouter>");
                e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
                e.getMessage().setBody(text);
            });
        } else {
            return "unknown channel " + entry.channel();
        }
        Exception error = result.getException();
        return error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** The lead's CRM record when it was written and the CRM's address is configured, else the admin console page. */
    String link(Notifications.Entry entry) {
        if (entry.recordId() != null && Crms.SALESFORCE.equals(entry.crm()) && properties.salesforceInstance() != null) {
            return "https://" + properties.salesforceInstance() + "/lightning/r/Lead/" + entry.recordId() + "/view";
        }
        if (entry.recordId() != null && Crms.HUBSPOT.equals(entry.crm()) && properties.hubspotPortal() != null) {
            return "https://app.hubspot.com/contacts/" + properties.hubspotPortal() + "/record/0-1/" + entry.recordId();
        }
        return publicUrl + "/leads/" + entry.leadId();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
