package io.leadrouter.mapping.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailPayloadTest {

    private static final List<String> FIXTURES = List.of("gmail-forward.eml", "outlook-forward.eml", "apple-forward.eml",
            "contact-form7.eml", "wpforms-html.eml", "vcard-attachment.eml", "latin1-quoted-printable.eml",
            "plain-signature-reply.eml", "out-of-office.eml", "bounce-dsn.eml");

    @Test
    void gmailForwardNamesTheOriginalSenderNotTheColleague() throws Exception {
        EmailPayload mail = parseFixture("gmail-forward.eml");
        Map<String, Object> fields = mail.fields();

        assertThat(fields).containsEntry("from_email", "ada@analytical.example")
                .containsEntry("from_name", "Ada Lovelace")
                .containsEntry("forwarded_by", "bob.stone@ourco.example")
                .containsEntry("subject", "Quote for 40 seats")
                .containsEntry("message_id", "CAHk8Lz0bF2pQx1nWm3+Yv7tK9sQe@mail.gmail.com")
                .containsEntry("date", "2025-03-04T11:17:20+01:00")
                .containsEntry("signature_phone", "+44 20 7946 0958")
                .containsEntry("signature_name", "Ada Lovelace")
                .containsEntry("signature_title", "Head of Engineering")
                .containsEntry("signature_company", "Analytical Engines Ltd");
        assertThat((String) fields.get("body")).startsWith("Hi Bob,")
                .contains("quote for 40 seats, billed\nannually?")
                .doesNotContain("Forwarded message", "trade fair");
        assertThat(mail.messageId()).isEqualTo("CAHk8Lz0bF2pQx1nWm3+Yv7tK9sQe@mail.gmail.com");
        assertThat(mail.automated()).isFalse();
        assertThat(mail.automatedReason()).isNull();
    }

    @Test
    void outlookForwardReadsTheFromSentBlockInWindows1252() throws Exception {
        Map<String, Object> fields = parseFixture("outlook-forward.eml").fields();

        assertThat(fields).containsEntry("from_email", "grace.hopper@navy.example")
                .containsEntry("from_name", "Grace Hopper")
                .containsEntry("forwarded_by", "carla.mendes@ourco.example")
                .containsEntry("subject", "Partnership enquiry")
                .containsEntry("signature_phone", "+1 415 555 0132")
                .containsEntry("signature_title", "Director of Operations")
                .containsEntry("signature_company", "US Navy Systems Group");
        assertThat((String) fields.get("body")).startsWith("Dear Carla,").contains("a demo next week").doesNotContain("FYI");
    }

    @Test
    void appleForwardTakesSenderAndReplyToFromTheForwardedBlock() throws Exception {
        Map<String, Object> fields = parseFixture("apple-forward.eml").fields();

        assertThat(fields).containsEntry("from_email", "katherine.johnson@langley.example")
                .containsEntry("from_name", "Katherine Johnson")
                .containsEntry("forwarded_by", "dan@ourco.example")
                .containsEntry("reply_to", "procurement@langley.example")
                .containsEntry("subject", "Pricing for 20 seats")
                .containsEntry("signature_name", "Katherine Johnson");
        assertThat((String) fields.get("body")).startsWith("Hello Dan,").contains("starts in May.");
    }

    @Test
    void notificationLinesBecomeSnakeCaseFieldsWithMultiLineValuesAndRepeats() throws Exception {
        Map<String, Object> fields = parseFixture("contact-form7.eml").fields();

        assertThat(fields).containsEntry("field_your_name", "Ada Lovelace")
                .containsEntry("field_e_mail", "ada@analytical.example")
                .containsEntry("field_phone_number", "+44 20 7946 0958")
                .containsEntry("field_company", "Analytical Engines Ltd")
                .containsEntry("field_interested_in", List.of("Routing", "Reporting"))
                .containsEntry("field_message", "We would like a demo for our sales team of 12.\nTuesdays work best.")
                .containsEntry("from_email", "wordpress@www.ourco.example")
                .containsEntry("reply_to", "ada@analytical.example");
        assertThat((String) fields.get("body")).doesNotContain("sent from a contact form");
        assertThat(fields.keySet()).noneMatch(key -> key.startsWith("signature_"));
    }

    @Test
    void htmlNotificationTablesBecomeFieldsAndTextThroughJsoup() throws Exception {
        Map<String, Object> fields = parseFixture("wpforms-html.eml").fields();

        assertThat(fields).containsEntry("field_name", "Grace Hopper")
                .containsEntry("field_email", "grace.hopper@navy.example")
                .containsEntry("field_comment_or_message", "Need pricing for 300 users.\nPlease call after 2pm.")
                .containsEntry("field_phone", "(415) 555-0132")
                .containsEntry("field_company_size", "201–500");
        assertThat((String) fields.get("body")).doesNotContain("<", "font-family");
    }

    @Test
    void vcardAttachmentIsReadWithEzVcard() throws Exception {
        Map<String, Object> fields = parseFixture("vcard-attachment.eml").fields();

        assertThat(fields).containsEntry("vcard_email", "ada.lovelace@analytical.example")
                .containsEntry("vcard_phone", "+44 20 7946 0958")
                .containsEntry("vcard_first_name", "Ada")
                .containsEntry("vcard_last_name", "Lovelace")
                .containsEntry("vcard_company", "Analytical Engines Ltd")
                .containsEntry("vcard_title", "Head of Engineering")
                .containsEntry("body", "Hi, my card is attached - please get in touch about the enterprise plan.");
    }

    @Test
    void quotedPrintableLatin1BodyAndRfc2047NameAreDecoded() throws Exception {
        Map<String, Object> fields = parseFixture("latin1-quoted-printable.eml").fields();

        assertThat(fields).containsEntry("from_name", "François Bélanger")
                .containsEntry("subject", "Demande de démonstration")
                .containsEntry("signature_name", "François Bélanger")
                .containsEntry("signature_title", "Responsable des ventes")
                .containsEntry("signature_company", "Société Générale des Pommes SARL")
                .containsEntry("signature_phone", "+33 1 44 55 66 77");
        assertThat((String) fields.get("body"))
                .contains("une démonstration de votre solution pour notre équipe commerciale")
                .endsWith("Merci d'avance.");
    }

    @Test
    void encodedNameKeepsCombiningMarksExactly() throws Exception {
        Map<String, Object> fields = parseFixture("plain-signature-reply.eml").fields();

        String decomposed = "Zoe\u0308 A\u030angstro\u0308m";
        assertThat(fields.get("from_name")).isEqualTo(decomposed)
                .isNotEqualTo(Normalizer.normalize(decomposed, Normalizer.Form.NFC));
    }

    @Test
    void personalReplyLosesQuotedHistoryAndYieldsSignatureFields() throws Exception {
        Map<String, Object> fields = parseFixture("plain-signature-reply.eml").fields();

        assertThat(fields).containsEntry("from_email", "zoe@nordic-freight.example")
                .containsEntry("reply_to", "purchasing@nordic-freight.example")
                .containsEntry("subject", "Re: Your offer 2025-118")
                .containsEntry("date", "2025-03-11T14:02:11+01:00")
                .containsEntry("signature_name", "Zoë Ångström")
                .containsEntry("signature_title", "Purchasing Manager")
                .containsEntry("signature_company", "Nordic Freight AB")
                .containsEntry("signature_phone", "+46 70 123 45 67")
                .doesNotContainKey("forwarded_by");
        assertThat((String) fields.get("body")).startsWith("Hi,").contains("by Friday?")
                .doesNotContain("wrote:", "please find our offer", "+1 415 555 0100");
        assertThat(fields.keySet()).noneMatch(key -> key.startsWith("field_"));
    }

    @Test
    void outOfOfficeReplyIsAutomated() throws Exception {
        EmailPayload mail = parseFixture("out-of-office.eml");

        assertThat(mail.automated()).isTrue();
        assertThat(mail.automatedReason()).isEqualTo("Auto-Submitted: auto-replied");
        assertThat(mail.messageId()).isEqualTo("oof-7f3e2a1b@navy.example");
    }

    @Test
    void bounceReportIsAutomated() throws Exception {
        EmailPayload mail = parseFixture("bounce-dsn.eml");

        assertThat(mail.automated()).isTrue();
        assertThat(mail.fields()).containsEntry("from_email", "MAILER-DAEMON@mx.ourco.example");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b | Content-Type: multipart/report; report-type=delivery-status",
        "Precedence: bulk | Precedence: bulk",
        "Precedence: junk | Precedence: junk",
        "Precedence: auto_reply | Precedence: auto_reply",
        "X-Autorespond: Out of office | X-Autorespond: Out of office",
        "X-Autoreply: yes | X-Autoreply: yes",
        "Auto-Submitted: auto-generated; owner-email=\"it@x.example\" | Auto-Submitted: auto-generated",
    })
    void automatedHeadersAreRecognised(String header, String reason) throws Exception {
        EmailPayload mail = EmailPayload.parse(message("From: Ada <ada@analytical.example>\r\n" + header + "\r\n", "Hello"));

        assertThat(mail.automatedReason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({"postmaster@analytical.example", "MAILER-DAEMON@analytical.example"})
    void systemSendersAreAutomated(String sender) throws Exception {
        EmailPayload mail = EmailPayload.parse(message("From: " + sender + "\r\n", "Delivery failed"));

        assertThat(mail.automatedReason()).isEqualTo("From: " + sender);
    }

    @Test
    void autoSubmittedNoAndListMailAreNotAutomated() throws Exception {
        EmailPayload mail = EmailPayload.parse(message(
                "From: Ada <ada@analytical.example>\r\nAuto-Submitted: no\r\nPrecedence: list\r\n", "Hello"));

        assertThat(mail.automated()).isFalse();
        assertThat(mail.messageId()).isNull();
        assertThat(mail.fields()).doesNotContainKey("message_id");
    }

    @Test
    void fieldsAreReadOnlyAndOnlyStringsOrListsOfStrings() throws Exception {
        for (String fixture : FIXTURES) {
            Map<String, Object> fields = parseFixture(fixture).fields();
            assertFieldValueTypes(fixture, fields);
            assertThatThrownBy(() -> fields.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void missingBoundaryBadBase64AndUnknownCharsetYieldBestEffortText() throws Exception {
        EmailPayload noBoundary = EmailPayload.parse(message("From: a@b.example\r\nContent-Type: multipart/mixed\r\n",
                "Just a plain line"));
        EmailPayload badBase64 = EmailPayload.parse(message("From: a@b.example\r\nContent-Transfer-Encoding: base64\r\n",
                "SGVsbG8gd29ybGQ*!!\u0001=garbage"));
        EmailPayload unknownCharset = EmailPayload.parse(message(
                "From: a@b.example\r\nContent-Type: text/plain; charset=x-klingon-8\r\n", "Caf\u00e9 order"));

        assertThat(noBoundary.fields()).containsEntry("body", "Just a plain line");
        assertThat(badBase64.fields()).containsEntry("body", "Hello world");
        assertThat(unknownCharset.fields()).containsEntry("body", "Café order");
    }

    @Test
    void badInputIsRejectedWithAReason() {
        assertThatThrownBy(() -> EmailPayload.parse(new byte[0])).isInstanceOf(EmailPayloadException.class)
                .hasMessage("the message is empty");
        assertThatThrownBy(() -> EmailPayload.parse(new byte[EmailPayload.MAX_MESSAGE_BYTES + 1]))
                .isInstanceOf(EmailPayloadException.class).hasMessageContaining("at most 1048576 bytes");
        assertThatThrownBy(() -> EmailPayload.parse("X-Nothing: here\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(EmailPayloadException.class).hasMessageContaining("no sender address and no text");
    }

    @Test
    void moreThanFiftyPartsIsRejected() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            body.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        body.append("--b--\r\n");
        byte[] mail = message("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b\r\n", body.toString());

        assertThatThrownBy(() -> EmailPayload.parse(mail)).isInstanceOf(EmailPayloadException.class)
                .hasMessage("the message has more than 50 MIME parts");
    }

    @Test
    void nestingDeeperThanTenLevelsIsRejectedAndTenLevelsAreRead() throws Exception {
        assertThatThrownBy(() -> EmailPayload.parse(nested(11))).isInstanceOf(EmailPayloadException.class)
                .hasMessage("MIME parts are nested more than 10 levels deep");
        assertThat(EmailPayload.parse(nested(9)).fields()).containsEntry("body", "deep text");
    }

    @Test
    void oneMebibyteOfColonsIsReadInBoundedTime() {
        byte[] headers = "From: a@b.example\r\nSubject: colons\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] mail = Arrays.copyOf(headers, EmailPayload.MAX_MESSAGE_BYTES);
        Arrays.fill(mail, headers.length, mail.length, (byte) ':');
        for (int i = headers.length + 3; i < mail.length; i += 80) {
            mail[i] = '\n'; // one variant with many short lines; the single-line case is below
        }
        byte[] singleLine = Arrays.copyOf(headers, EmailPayload.MAX_MESSAGE_BYTES);
        Arrays.fill(singleLine, headers.length, singleLine.length, (byte) ':');

        for (byte[] input : List.of(mail, singleLine)) {
            EmailPayload payload = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> EmailPayload.parse(input));
            assertThat((String) payload.fields().get("body")).startsWith(":::").hasSizeGreaterThan(1_000_000);
        }
    }

    @Test
    void oneMebibyteSingleLinesAreReadInBoundedTime() {
        byte[] words = ("Name: Ada ".repeat(EmailPayload.MAX_MESSAGE_BYTES / 10)).getBytes(StandardCharsets.US_ASCII);
        byte[] noHeaders = Arrays.copyOf(words, EmailPayload.MAX_MESSAGE_BYTES);
        byte[] html = message("From: a@b.example\r\nContent-Type: text/html\r\n",
                "<div>".repeat(100_000) + "<tr><td>a</td><td>b</td></tr>".repeat(10_000));
        byte[] quotes = message("From: a@b.example\r\n", "> ".repeat(200_000) + "\n" + "-----".repeat(100_000));

        for (byte[] input : List.of(noHeaders, html, quotes)) {
            assertThat(input.length).isLessThanOrEqualTo(EmailPayload.MAX_MESSAGE_BYTES);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> parseOrReason(input));
        }
    }

    @Test
    void randomMutationsOfTheFixturesOnlySucceedOrFailWithAReason() throws Exception {
        List<byte[]> fixtures = new ArrayList<>();
        for (String fixture : FIXTURES) {
            fixtures.add(read(fixture));
        }
        byte[][] tokens = {"\r\n".getBytes(), "--".getBytes(), "=?UTF-8?B?".getBytes(), "?=".getBytes(), ":".getBytes(),
            "boundary=".getBytes(), "Content-Type: multipart/mixed; boundary=\"".getBytes(), "=".getBytes(), "<".getBytes(),
            "charset=".getBytes(), "\r\n\r\n".getBytes(), "<table><tr><td>".getBytes(), "BEGIN:VCARD".getBytes()};
        Random random = new Random(20250304L);
        int succeeded = 0;
        for (int round = 0; round < 2_000; round++) {
            byte[] mutated = mutate(fixtures.get(random.nextInt(fixtures.size())), tokens, random);
            try {
                assertFieldValueTypes("mutation " + round, EmailPayload.parse(mutated).fields());
                succeeded++;
            } catch (EmailPayloadException rejected) {
                assertThat(rejected.getMessage()).as("round %d: %s", round, rejected.getCause())
                        .isNotBlank().doesNotStartWith(EmailPayload.UNEXPECTED);
            }
        }
        assertThat(succeeded).as("most mutations still read as mail").isGreaterThan(1_000);
    }

    private static byte[] mutate(byte[] original, byte[][] tokens, Random random) {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits && bytes.length > 1; e++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes = Arrays.copyOf(bytes, at + 1);
                case 2 -> bytes = splice(bytes, at, tokens[random.nextInt(tokens.length)], 0);
                case 3 -> bytes = splice(bytes, at, new byte[0], Math.min(bytes.length - at, 1 + random.nextInt(200)));
                default -> {
                    int from = random.nextInt(bytes.length);
                    int length = Math.min(bytes.length - from, 1 + random.nextInt(300));
                    bytes = splice(bytes, at, Arrays.copyOfRange(bytes, from, from + length), 0);
                }
            }
        }
        return bytes.length > EmailPayload.MAX_MESSAGE_BYTES ? Arrays.copyOf(bytes, EmailPayload.MAX_MESSAGE_BYTES) : bytes;
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert, int remove) {
        byte[] result = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(bytes, at + remove, result, at + insert.length, bytes.length - at - remove);
        return result;
    }

    private static void assertFieldValueTypes(String what, Map<String, Object> fields) {
        fields.forEach((key, value) -> {
            boolean text = value instanceof String;
            boolean texts = value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
            if (!text && !texts) {
                fail("%s: %s is %s", what, key, value == null ? "null" : value.getClass());
            }
        });
    }

    private static Object parseOrReason(byte[] input) {
        try {
            return EmailPayload.parse(input);
        } catch (EmailPayloadException rejected) {
            assertThat(rejected.getMessage()).doesNotStartWith(EmailPayload.UNEXPECTED);
            return rejected.getMessage();
        }
    }

    private static byte[] nested(int depth) {
        StringBuilder mail = new StringBuilder("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int level = 1; level < depth; level++) {
            mail.append("--b").append(level - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(level)
                    .append("\r\n\r\n");
        }
        mail.append("--b").append(depth - 1).append("\r\nContent-Type: text/plain\r\n\r\ndeep text\r\n");
        for (int level = depth - 1; level >= 0; level--) {
            mail.append("--b").append(level).append("--\r\n");
        }
        return mail.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] message(String headers, String body) {
        return (headers + "\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static EmailPayload parseFixture(String name) throws Exception {
        return EmailPayload.parse(read(name));
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = EmailPayloadTest.class.getResourceAsStream("/mail/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
