package io.leadrouter.mapping.mail;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the forwarded block in a body (Gmail, Outlook and Apple Mail layouts) and reads the original sender,
 * subject and reply-to from its header lines, so the lead is the original sender, not the forwarding colleague.
 *
 * @param from       the original sender as written in the block
 * @param subject    the original subject, or null
 * @param replyTo    the original Reply-To, or null
 * @param bodyStart  index of the first line of the original message's text
 */
record Forward(MailAddress from, String subject, String replyTo, int bodyStart) {

    private static final int HEADER_BLOCK_MAX_LINES = 20;
    private static final int LINE_MAX_CHARS = 2_000;
    private static final Set<String> FROM = Set.of("from", "von", "de", "van", "da");
    private static final Set<String> SUBJECT = Set.of("subject", "betreff", "objet", "onderwerp", "asunto", "oggetto");
    private static final Set<String> SENT = Set.of("sent", "date", "gesendet", "datum", "envoyé", "verzonden", "enviado", "inviato");
    private static final Set<String> OTHER = Set.of("to", "cc", "bcc", "an", "à", "aan", "para", "a", "reply-to", "antwort an");
    private static final Set<String> FORWARD_SUBJECT_PREFIXES = Set.of("fwd", "fw", "wg", "tr", "rv", "doorst", "i");

    /** The forwarded block in these lines, or null when the message is not a forward. */
    static Forward find(List<String> lines, String outerSubject) {
        boolean forwardSubject = hasForwardPrefix(outerSubject);
        for (int i = 0; i < lines.size(); i++) {
            String line = unquote(lines.get(i));
            if (line.length() > LINE_MAX_CHARS) {
                continue;
            }
            boolean marker = isExplicitMarker(line) || forwardSubject && isOutlookSeparator(line);
            if (marker || forwardSubject && isOutlookFromLine(lines, i)) {
                Forward forward = readHeaderBlock(lines, marker ? i + 1 : i);
                if (forward != null) {
                    return forward;
                }
            }
            if (Quotes.startsReplyHistory(lines, i)) {
                return null;
            }
        }
        return null;
    }

    static String stripForwardPrefixes(String subject) {
        String rest = subject;
        for (int guard = 0; guard < 10 && rest != null; guard++) {
            int colon = rest.indexOf(':');
            if (colon <= 0 || colon > 8 || !FORWARD_SUBJECT_PREFIXES.contains(rest.substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
                return rest;
            }
            rest = rest.substring(colon + 1).trim();
        }
        return rest;
    }

    private static boolean hasForwardPrefix(String subject) {
        return subject != null && !stripForwardPrefixes(subject).equals(subject);
    }

    private static boolean isExplicitMarker(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return lower.startsWith("-----") && lower.contains("forwarded message")
                || lower.startsWith("begin forwarded message")
                || lower.startsWith("-----") && lower.contains("weitergeleitete nachricht")
                || lower.startsWith("-----") && lower.contains("message transféré");
    }

    private static boolean isOutlookSeparator(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return lower.startsWith("-----") && (lower.contains("original message") || lower.contains("ursprüngliche nachricht"))
                || line.length() >= 10 && line.chars().allMatch(c -> c == '_');
    }

    private static boolean isOutlookFromLine(List<String> lines, int index) {
        String label = label(unquote(lines.get(index)));
        return label != null && FROM.contains(label) && Quotes.sentLineFollows(lines, index);
    }

    private static Forward readHeaderBlock(List<String> lines, int start) {
        int i = start;
        int end = Math.min(lines.size(), start + HEADER_BLOCK_MAX_LINES);
        while (i < end && unquote(lines.get(i)).isEmpty()) {
            i++;
        }
        MailAddress from = null;
        String subject = null;
        String replyTo = null;
        for (; i < end; i++) {
            String line = unquote(lines.get(i));
            if (line.isEmpty() || line.length() > LINE_MAX_CHARS) {
                break;
            }
            String label = label(line);
            String value = label == null ? null : line.substring(line.indexOf(':') + 1).trim();
            if (label == null) {
                if (from == null) {
                    return null;
                }
                continue; // a wrapped To:/Cc: list
            }
            if (FROM.contains(label) && from == null) {
                from = MailAddress.parse(value.replace("*", ""));
            } else if (SUBJECT.contains(label) && subject == null) {
                subject = value;
            } else if (label.equals("reply-to") && replyTo == null) {
                replyTo = MailAddress.parse(value).email();
            } else if (!SENT.contains(label) && !OTHER.contains(label) && from == null) {
                return null;
            }
        }
        if (from == null || from.email() == null) {
            return null;
        }
        return new Forward(from, subject == null || subject.isBlank() ? null : subject, replyTo, i);
    }

    /** The lower-case label of a "Label: value" header line (at most 3 words), or null. */
    static String label(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0 || colon > 20) {
            return null;
        }
        String label = line.substring(0, colon).replace("*", "").trim().toLowerCase(Locale.ROOT);
        if (label.isEmpty() || label.split(" ").length > 3) {
            return null;
        }
        return label;
    }

    /** The line without quote markers ("> ") and surrounding white space. */
    static String unquote(String line) {
        int i = 0;
        while (i < line.length() && i < 40 && (line.charAt(i) == '>' || line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return line.substring(i).strip();
    }
}
