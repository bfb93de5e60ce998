package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The mail-inbox source against a real IMAP server (GreenMail): vendor-shaped emails become leads with the right
 * fields, automated mail is marked \Seen and ignored, an unmappable email is a kept rejection, a message that
 * cannot be stored goes to the failed folder, and neither a redelivery nor two pollers make a second lead.
 */
class MailInboxTest extends AbstractAppTest {
    private static final String USER = "leads";
    private static final String PASSWORD = "secret-imap-password";
    private static final String FAILED = "leadrouter-failed";
    private static final GreenMail MAIL = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    private static final GreenMailUser MAILBOX;

    static {
        MAIL.start();
        MAILBOX = MAIL.setUser("leads@ourco.example", USER, PASSWORD);
    }

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void mailInbox(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.database", () -> "mailinboxtest");
        registry.add("camel.component.servlet.servlet-name", () -> "MailInboxTestServlet");
        registry.add("leadrouter.sources.mail-inbox.host", () -> "127.0.0.1");
        registry.add("leadrouter.sources.mail-inbox.port", () -> MAIL.getImap().getPort());
        registry.add("leadrouter.sources.mail-inbox.protocol", () -> "imap");
        registry.add("leadrouter.sources.mail-inbox.username", () -> USER);
        registry.add("leadrouter.sources.mail-inbox.password", () -> PASSWORD);
        registry.add("leadrouter.sources.mail-inbox.poll-interval", () -> "200ms");
    }

    @AfterAll
    static void stopMail() {
        MAIL.stop();
    }

    @Test
    void vendorEmailsBecomeLeadsWithTheirFields() throws Exception {
        deliver(fixture("contact-form7.eml"));
        deliver(fixture("plain-signature-reply.eml"));
        deliver(fixture("outlook-forward.eml"));
        deliver(fixture("vcard-attachment.eml"));
        deliver(fixture("latin1-quoted-printable.eml"));

        JsonNode form = awaitLead("ada@analytical.example", "pX8bKqJ3mPm5zYv0hYk0dCgq3m1rUq4bqK0yD6mI@www.ourco.example");
        assertThat(form.path("firstName").asText()).isEqualTo("Ada");
        assertThat(form.path("lastName").asText()).isEqualTo("Lovelace");
        assertThat(form.path("phone").asText()).isEqualTo("+442079460958");
        assertThat(form.path("company").asText()).isEqualTo("Analytical Engines Ltd");
        assertThat(form.path("message").asText()).isEqualTo("We would like a demo for our sales team of 12.\nTuesdays work best.");

        JsonNode signature = awaitLead("zoe@nordic-freight.example", "a6d1f0e2-5b7c-4c8e-9f3a-2b1d0c9e8f7a@nordic-freight.example");
        assertThat(signature.path("company").asText()).isEqualTo("Nordic Freight AB");
        assertThat(signature.path("title").asText()).isEqualTo("Purchasing Manager");
        assertThat(signature.path("phone").asText()).isEqualTo("+46701234567");
        assertThat(signature.path("message").asText()).startsWith("Hi,").contains("routing add-on").doesNotContain("Dear Zoë");

        JsonNode forwarded = awaitLead("grace.hopper@navy.example",
                "AM9PR04MB82117C1E4A0F3D5B9E2C11A8E4CB2@AM9PR04MB8211.eurprd04.prod.outlook.com");
        assertThat(forwarded.path("firstName").asText()).isEqualTo("Grace");
        assertThat(forwarded.path("lastName").asText()).isEqualTo("Hopper");
        assertThat(forwarded.path("title").asText()).isEqualTo("Director of Operations");
        assertThat(forwarded.path("attributes").path("forwarded_by").asText()).isEqualTo("carla.mendes@ourco.example");
        assertThat(forwarded.path("attributes").path("subject").asText()).isEqualTo("Partnership enquiry");
        assertThat(leads("carla.mendes@ourco.example")).as("the forwarding colleague is not the lead").isEmpty();

        JsonNode vcard = awaitLead("ada.lovelace@analytical.example", "vcard-1741428000@analytical.example");
        assertThat(vcard.path("title").asText()).isEqualTo("Head of Engineering");
        assertThat(vcard.path("phone").asText()).isEqualTo("+442079460958");

        JsonNode latin1 = awaitLead("francois.belanger@laposte.example", "20250310081500.4F2A1C0E@smtp.laposte.example");
        assertThat(latin1.path("firstName").asText()).isEqualTo("François");
        assertThat(latin1.path("lastName").asText()).isEqualTo("Bélanger");
        assertThat(latin1.path("company").asText()).isEqualTo("Société Générale des Pommes SARL");
        assertThat(latin1.path("message").asText()).contains("démonstration");

        awaitAllHandled();
    }

    @Test
    void automatedMailIsSeenAndIgnoredAndAnUnmappableEmailIsAKeptRejection() throws Exception {
        String marker = UUID.randomUUID().toString();
        deliver(fixture("out-of-office.eml"));
        deliver(fixture("bounce-dsn.eml"));
        deliver(("From: Website <no-reply>\r\nTo: leads@ourco.example\r\nSubject: Callback " + marker
                + "\r\nMessage-ID: <" + marker + "@www.ourco.example>\r\nDate: Fri, 7 Mar 2025 14:05:33 +0000\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\nPlease call me back.\r\n").getBytes(StandardCharsets.US_ASCII));

        await().atMost(Duration.ofSeconds(20)).until(() -> rejectionMentioning(marker) != null);
        JsonNode rejection = rejectionMentioning(marker);
        assertThat(rejection.path("errors").get(0).path("field").asText()).isEqualTo("email");
        awaitAllHandled();

        assertThat(seen("oof-7f3e2a1b@navy.example")).as("the auto-reply is marked seen").isTrue();
        assertThat(seen("20250312080000.4Z9b0K2x1Sz3q@mx.ourco.example")).as("the bounce is marked seen").isTrue();
        assertThat(leads("grace.hopper@navy.example")).noneMatch(lead -> lead.path("lead").path("message").asText().contains("out of the office"));
        assertThat(leads("mailer-daemon@mx.ourco.example")).isEmpty();
        JsonNode rejections = json.readTree(get("/api/rejections?source=mail-inbox&limit=500", ADMIN_TOKEN).body()).path("rejections");
        assertThat(rejections.toString()).doesNotContain("oof-7f3e2a1b").doesNotContain("4Z9b0K2x1Sz3q");
    }

    @Test
    void aMessageOverTheLimitIsMovedToTheFailedFolderAndKeptAsARejection() throws Exception {
        String marker = UUID.randomUUID().toString();
        String huge = ("Please call me. " + "x".repeat(70) + "\r\n").repeat(13_000);
        deliver(("From: Jo Big <jo.big@example.com>\r\nTo: leads@ourco.example\r\nSubject: Big " + marker
                + "\r\nMessage-ID: <" + marker + "@example.com>\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + huge)
                .getBytes(StandardCharsets.US_ASCII));

        await().atMost(Duration.ofSeconds(20)).until(() -> messageIds(FAILED).contains("<" + marker + "@example.com>"));
        assertThat(leads("jo.big@example.com")).isEmpty();
        JsonNode kept = rejectionMentioning(marker);
        assertThat(kept).as("the start of the message is listed with the reason").isNotNull();
        assertThat(kept.path("errors").get(0).path("message").asText()).contains("larger than 1048576 bytes");
        assertThat(kept.path("submitted").asText().length()).isLessThanOrEqualTo(64 * 1024);
        awaitAllHandled();
    }

    @Test
    void theSameMessageTwiceOrPolledByTwoConsumersIsOneLead() throws Exception {
        deliver(fixture("apple-forward.eml"));
        deliver(fixture("apple-forward.eml"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !leads("katherine.johnson@langley.example").isEmpty());
        awaitAllHandled();
        assertThat(leads("katherine.johnson@langley.example")).hasSize(1);

        if (camel.getRoute("mail-inbox-second") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:lead-mail-source?source=mail-inbox&protocol=imap&host=127.0.0.1&port=" + MAIL.getImap().getPort()
                            + "&username=" + USER + "&password=RAW(" + PASSWORD + ")&pollInterval=150ms")
                            .routeId("mail-inbox-second")
                            .to("kamelet:lead-intake-sink?source=mail-inbox");
                }
            });
        }
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String id = UUID.randomUUID().toString();
            String email = "race-" + id + "@example.com";
            emails.add(email);
            deliver(("From: Race Tester <" + email + ">\r\nTo: leads@ourco.example\r\nSubject: Race " + i
                    + "\r\nMessage-ID: <" + id + "@example.com>\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nCall me.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        for (String email : emails) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !leads(email).isEmpty());
        }
        awaitAllHandled();
        for (String email : emails) {
            assertThat(leads(email)).as(email).hasSize(1);
        }
    }

    private JsonNode awaitLead(String email, String messageId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> leadWithMessageId(email, messageId) != null);
        List<JsonNode> found = leads(email).stream()
                .filter(lead -> lead.path("lead").path("attributes").path("message_id").asText().equals(messageId)).toList();
        assertThat(found).as("one lead for message " + messageId).hasSize(1);
        return found.get(0).path("lead");
    }

    private JsonNode leadWithMessageId(String email, String messageId) {
        return leads(email).stream()
                .filter(lead -> lead.path("lead").path("attributes").path("message_id").asText().equals(messageId))
                .findFirst().orElse(null);
    }

    private List<JsonNode> leads(String email) {
        try {
            List<JsonNode> found = new ArrayList<>();
            json.readTree(get("/api/leads?source=mail-inbox&limit=100&email=" + email, ADMIN_TOKEN).body()).path("leads").forEach(found::add);
            return found;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode rejectionMentioning(String marker) throws Exception {
        for (JsonNode rejection : json.readTree(get("/api/rejections?source=mail-inbox&limit=500", ADMIN_TOKEN).body()).path("rejections")) {
            if (rejection.path("submitted").asText().contains(marker)) {
                return rejection;
            }
        }
        return null;
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/mail", name));
    }

    private static void deliver(byte[] rfc822) throws Exception {
        MAILBOX.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(rfc822)));
    }

    /** Every message is handled: \Seen in INBOX, or moved out of it (deleted there, present in the failed folder). */
    private static void awaitAllHandled() {
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(message -> !message.getFlags().contains(Flags.Flag.SEEN)
                && !message.getFlags().contains(Flags.Flag.DELETED)).isEmpty());
    }

    private static boolean seen(String messageId) throws Exception {
        return !inbox(message -> message.getFlags().contains(Flags.Flag.SEEN)
                && ("<" + messageId + ">").equals(firstHeader(message, "Message-ID"))).isEmpty();
    }

    private static List<String> messageIds(String folder) throws Exception {
        return read(folder, message -> true);
    }

    private static List<String> inbox(MessageTest test) throws Exception {
        return read("INBOX", test);
    }

    /** Message-IDs of the folder's messages passing {@code test}, read over IMAP without changing any flag. */
    private static List<String> read(String folderName, MessageTest test) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", MAIL.getImap().getPort(), USER, PASSWORD);
        try {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return List.of();
            }
            folder.open(Folder.READ_ONLY);
            try {
                List<String> ids = new ArrayList<>();
                for (Message message : folder.getMessages()) {
                    if (test.test(message)) {
                        ids.add(firstHeader(message, "Message-ID"));
                    }
                }
                return ids;
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static String firstHeader(Message message, String name) throws Exception {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @FunctionalInterface
    private interface MessageTest {
        boolean test(Message message) throws Exception;
    }
}
