package io.leadrouter.mapping.mail;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads "Label: value" lines of a notification email (contact-form plugins, lead portals) into
 * {@code field_<snake_case_label>} keys. A label with nothing after the colon takes the following lines up to
 * a blank line or the next label, which covers multi-line messages and label-above-value layouts.
 */
final class LabelledLines {

    static final String PREFIX = "field_";
    private static final int LABEL_MAX_CHARS = 40;
    private static final int LABEL_MAX_WORDS = 6;
    private static final int VALUE_MAX_LINES = 200;
    private static final int VALUE_MAX_CHARS = 64 * 1024;

    private LabelledLines() {
    }

    /** Label keys to their values in order of appearance; a label seen twice yields the values as a list. */
    static Map<String, List<String>> read(List<String> lines) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripBullet(lines.get(i));
            int colon = labelColon(line);
            if (colon < 0) {
                continue;
            }
            String key = key(line.substring(0, colon));
            if (key == null) {
                continue;
            }
            String value = cleanValue(line.substring(colon + 1));
            if (value.isEmpty()) {
                StringBuilder following = new StringBuilder();
                int j = i + 1;
                if (j < lines.size() && lines.get(j).isBlank() && j + 1 < lines.size() && labelColon(stripBullet(lines.get(j + 1))) < 0) {
                    j++;
                }
                for (int taken = 0; j < lines.size() && taken < VALUE_MAX_LINES; j++, taken++) {
                    String next = lines.get(j);
                    if (next.isBlank() || labelColon(stripBullet(next)) >= 0 || following.length() > VALUE_MAX_CHARS) {
                        break;
                    }
                    if (following.length() > 0) {
                        following.append('\n');
                    }
                    following.append(next.strip());
                }
                value = following.toString();
                i = j - 1;
            }
            if (!value.isEmpty()) {
                fields.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return fields;
    }

    /** The snake_case field key for a label ("E-mail" → field_e_mail), or null when nothing usable remains. */
    static String key(String label) {
        String plain = Normalizer.normalize(label.replace("*", "").strip(), Normalizer.Form.NFD);
        StringBuilder key = new StringBuilder(PREFIX);
        boolean underscore = false;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            char lower = Character.toLowerCase(c);
            if (lower >= 'a' && lower <= 'z' || lower >= '0' && lower <= '9') {
                if (underscore && key.length() > PREFIX.length()) {
                    key.append('_');
                }
                key.append(lower);
                underscore = false;
            } else {
                underscore = true;
            }
        }
        return key.length() == PREFIX.length() ? null : key.toString();
    }

    /** Index of the colon ending a plausible label at the start of the line, or -1. */
    static int labelColon(String line) {
        int limit = Math.min(line.length(), LABEL_MAX_CHARS + 1);
        int colon = -1;
        for (int i = 0; i < limit; i++) {
            if (line.charAt(i) == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0 || !Character.isLetter(line.charAt(0))) {
            return -1;
        }
        if (line.startsWith("//", colon + 1)) {
            return -1; // a URL
        }
        int words = 1;
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                words++;
            } else if (!(Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                    || "-_./()?&'#*".indexOf(c) >= 0)) {
                return -1;
            }
        }
        return words > LABEL_MAX_WORDS ? -1 : colon;
    }

    private static String stripBullet(String line) {
        int i = 0;
        while (i < line.length() && i < 8 && " \t*•-–·".indexOf(line.charAt(i)) >= 0) {
            i++;
        }
        return line.substring(i).stripTrailing();
    }

    private static String cleanValue(String raw) {
        int start = 0;
        while (start < raw.length() && (raw.charAt(start) == '*' || Character.isWhitespace(raw.charAt(start)))) {
            start++;
        }
        String value = raw.substring(start).strip();
        return value.length() > VALUE_MAX_CHARS ? value.substring(0, VALUE_MAX_CHARS) : value;
    }
}
