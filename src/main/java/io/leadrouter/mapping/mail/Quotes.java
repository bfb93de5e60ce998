package io.leadrouter.mapping.mail;

import java.util.List;
import java.util.Locale;

/** Recognises where quoted reply history starts ("On … wrote:", Outlook's header block, "-----Original Message-----"). */
final class Quotes {

    private static final int LINE_MAX_CHARS = 500;
    private static final int SENT_LOOKAHEAD = 4;

    private Quotes() {
    }

    /** Whether line {@code index} begins the quoted history of a reply; everything from there on is history. */
    static boolean startsReplyHistory(List<String> lines, int index) {
        String line = Forward.unquote(lines.get(index));
        if (line.isEmpty() || line.length() > LINE_MAX_CHARS) {
            return false;
        }
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("-----") && (lower.contains("original message") || lower.contains("ursprüngliche nachricht"))) {
            return true;
        }
        if (isAttribution(lower)) {
            return true;
        }
        if (index + 1 < lines.size() && isAttributionStart(lower)) {
            String next = Forward.unquote(lines.get(index + 1)).toLowerCase(Locale.ROOT);
            if (next.length() <= LINE_MAX_CHARS && isAttributionEnd(next)) {
                return true;
            }
        }
        if (line.length() >= 10 && line.chars().allMatch(c -> c == '_')) {
            return index + 1 < lines.size() && "from".equals(Forward.label(Forward.unquote(lines.get(index + 1))));
        }
        String label = Forward.label(line);
        return ("from".equals(label) || "von".equals(label) || "de".equals(label)) && sentLineFollows(lines, index);
    }

    /** Whether a "Sent:"/"Date:" line follows the "From:" line at {@code index} within a few lines. */
    static boolean sentLineFollows(List<String> lines, int index) {
        for (int i = index + 1; i < lines.size() && i <= index + SENT_LOOKAHEAD; i++) {
            String line = Forward.unquote(lines.get(i));
            if (line.length() > LINE_MAX_CHARS) {
                return false;
            }
            String label = Forward.label(line);
            if ("sent".equals(label) || "date".equals(label) || "gesendet".equals(label) || "envoyé".equals(label)
                    || "datum".equals(label)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAttribution(String lower) {
        return isAttributionStart(lower) && isAttributionEnd(lower);
    }

    private static boolean isAttributionStart(String lower) {
        return lower.startsWith("on ") || lower.startsWith("am ") || lower.startsWith("le ") || lower.startsWith("el ")
                || lower.startsWith("op ") || lower.startsWith("il ");
    }

    private static boolean isAttributionEnd(String lower) {
        return lower.endsWith("wrote:") || lower.endsWith("schrieb:") || lower.endsWith("écrit :") || lower.endsWith("écrit:")
                || lower.endsWith("escribió:") || lower.endsWith("geschreven:") || lower.endsWith("scritto:")
                || lower.contains(" schrieb ") && lower.endsWith(":");
    }
}
