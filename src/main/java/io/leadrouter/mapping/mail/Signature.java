package io.leadrouter.mapping.mail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds a person's signature block (after "-- ", after a closing such as "Best regards,", or a short last
 * paragraph with a phone number) and reads name, title, company and phone from it by simple line heuristics.
 */
final class Signature {

    private static final int CLOSING_SEARCH_LINES = 25;
    private static final int SIGNATURE_MAX_LINES = 12;
    private static final int LINE_MAX_CHARS = 120;
    private static final Set<String> CLOSINGS = Set.of("best regards", "kind regards", "warm regards", "regards",
            "best wishes", "best", "all the best", "thanks", "thank you", "many thanks", "thanks again",
            "thanks and regards", "thanks & regards", "thank you and best regards", "cheers", "sincerely",
            "yours sincerely", "sincerely yours", "yours faithfully", "yours truly", "respectfully", "with thanks",
            "mit freundlichen grüßen", "mit freundlichen grüssen", "viele grüße", "beste grüße", "liebe grüße", "gruß",
            "cordialement", "bien cordialement", "saludos", "saludos cordiales", "met vriendelijke groet", "groeten");
    private static final List<String> TITLE_WORDS = List.of("manager", "director", "head of", "chief", "ceo", "cto",
            "cfo", "coo", "cmo", "cio", "founder", "owner", "president", "vp", "vice president", "engineer", "officer",
            "lead", "consultant", "partner", "specialist", "coordinator", "analyst", "buyer", "purchasing",
            "procurement", "developer", "architect", "administrator", "assistant", "executive", "associate", "advisor",
            "representative", "supervisor", "principal", "geschäftsführer", "leiter", "einkauf", "directeur", "gérant");
    private static final List<String> COMPANY_WORDS = List.of("ltd", "llc", "inc", "gmbh", "corp", "co.", "plc", " ag",
            "s.a.", "sarl", "bv", "b.v.", "limited", "group", "company", "corporation", "holdings", "technologies",
            "solutions", "systems", "industries", "labs", "partners", "& co", "kg", "oy", "ab", "pty", "s.r.l", "srl");
    private static final Set<String> PARTICLES = Set.of("van", "von", "de", "da", "di", "del", "der", "la", "le", "bin", "al");

    private Signature() {
    }

    /** Index of the "-- " separator line, or -1. */
    static int separatorIndex(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("-- ") || line.strip().equals("--")) {
                return i;
            }
        }
        return -1;
    }

    /** The signature lines of a body without a "-- " separator: after the last closing, else a short last paragraph. */
    static List<String> afterClosing(List<String> lines) {
        int searched = 0;
        for (int i = lines.size() - 1; i >= 0 && searched < CLOSING_SEARCH_LINES; i--) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            searched++;
            if (line.length() <= 40 && CLOSINGS.contains(closingKey(line))) {
                return lines.subList(i + 1, lines.size());
            }
        }
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        int start = end;
        while (start > 0 && !lines.get(start - 1).isBlank() && end - start < 6) {
            start--;
        }
        List<String> paragraph = lines.subList(start, end);
        boolean shortLines = paragraph.size() >= 2 && paragraph.stream().allMatch(l -> l.strip().length() <= 60);
        boolean hasPhone = paragraph.stream().anyMatch(l -> phone(l) != null);
        return shortLines && hasPhone ? paragraph : List.of();
    }

    /** signature_name, signature_title, signature_company and signature_phone found in these lines. */
    static Map<String, String> read(List<String> lines) {
        Map<String, String> found = new LinkedHashMap<>();
        List<String> segments = new ArrayList<>();
        int taken = 0;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (++taken > SIGNATURE_MAX_LINES || line.length() > LINE_MAX_CHARS) {
                break;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("sent from my") || lower.startsWith("get outlook for")) {
                continue;
            }
            if (isFax(lower)) {
                continue;
            }
            String phone = phone(line);
            if (phone != null) {
                found.putIfAbsent("signature_phone", phone);
                continue;
            }
            if (line.indexOf('@') >= 0 || lower.contains("http") || lower.startsWith("www.") || lower.contains(".com/")) {
                continue;
            }
            for (String segment : line.split("[|•·]")) {
                if (segment.chars().anyMatch(Character::isLetter)) {
                    segments.add(segment.strip());
                }
            }
        }
        if (!segments.isEmpty() && looksLikeName(segments.get(0))) {
            String name = segments.remove(0);
            // "Thanks,\nKatherine\n—\nKatherine Johnson": the full name repeated below the first name wins.
            if (!segments.isEmpty() && segments.get(0).startsWith(name + " ") && looksLikeName(segments.get(0))) {
                name = segments.remove(0);
            }
            found.put("signature_name", name);
        }
        List<String> unclassified = new ArrayList<>();
        for (String segment : segments) {
            String lower = " " + segment.toLowerCase(Locale.ROOT) + " ";
            if (hasWord(lower, TITLE_WORDS) && !found.containsKey("signature_title")) {
                String[] titleAndCompany = splitTitleCompany(segment);
                found.put("signature_title", titleAndCompany[0]);
                if (titleAndCompany[1] != null) {
                    found.putIfAbsent("signature_company", titleAndCompany[1]);
                }
            } else if (hasWord(lower, COMPANY_WORDS) && !found.containsKey("signature_company")) {
                found.put("signature_company", segment);
            } else if (segment.length() <= 60 && segment.chars().noneMatch(Character::isDigit)) {
                unclassified.add(segment);
            }
        }
        if (!found.containsKey("signature_company") && !unclassified.isEmpty() && found.containsKey("signature_name")) {
            found.put("signature_company", unclassified.remove(unclassified.size() - 1));
        }
        if (!found.containsKey("signature_title") && !unclassified.isEmpty() && found.containsKey("signature_name")) {
            found.put("signature_title", unclassified.get(0));
        }
        return found;
    }

    /** A phone number in the line: a run of digits and separators with 7 to 15 digits, labelled or in international form. */
    static String phone(String line) {
        if (line.length() > LINE_MAX_CHARS) {
            return null;
        }
        String best = null;
        int bestDigits = 0;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (!(Character.isDigit(c) && c < 128 || c == '+' || c == '(')) {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            int lastDigit = i;
            while (i < line.length() && " +()-./\u00A0".indexOf(line.charAt(i)) >= 0 || i < line.length()
                    && Character.isDigit(line.charAt(i)) && line.charAt(i) < 128) {
                if (Character.isDigit(line.charAt(i))) {
                    digits++;
                    lastDigit = i;
                }
                i++;
            }
            if (digits > bestDigits) {
                bestDigits = digits;
                best = line.substring(start, lastDigit + 1).strip();
            }
        }
        if (best == null || bestDigits < 7 || bestDigits > 15) {
            return null;
        }
        String lower = line.toLowerCase(Locale.ROOT);
        boolean labelled = lower.matches("^(tel|phone|mobile|mob|cell|direct|office|t|m|p|ph|telefon|tél|tel\\.|handy)\\b.*");
        boolean international = best.startsWith("+") || best.startsWith("(");
        return labelled || international || best.length() >= line.strip().length() - 1 ? best : null;
    }

    private static boolean isFax(String lower) {
        return lower.startsWith("fax") || lower.startsWith("f:") || lower.startsWith("f.");
    }

    private static boolean looksLikeName(String segment) {
        if (segment.length() > 50 || segment.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        String[] words = segment.split(" +");
        if (words.length > 4) {
            return false;
        }
        String lower = " " + segment.toLowerCase(Locale.ROOT) + " ";
        if (hasWord(lower, TITLE_WORDS) || hasWord(lower, COMPANY_WORDS) || CLOSINGS.contains(closingKey(segment))) {
            return false;
        }
        for (String word : words) {
            if (word.isEmpty()) {
                return false;
            }
            boolean capitalised = Character.isUpperCase(word.charAt(0));
            if (!capitalised && !PARTICLES.contains(word)) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (!(Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK || c == '-' || c == '\''
                        || c == '.' || c == '’')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String[] splitTitleCompany(String segment) {
        for (String separator : List.of(" at ", ", ", " @ ", " – ", " - ")) {
            int at = segment.indexOf(separator);
            if (at > 0) {
                return new String[] {segment.substring(0, at).strip(), segment.substring(at + separator.length()).strip()};
            }
        }
        return new String[] {segment, null};
    }

    private static boolean hasWord(String paddedLower, List<String> words) {
        for (String word : words) {
            int at = paddedLower.indexOf(word);
            while (at >= 0) {
                boolean startOk = word.startsWith(" ") || !Character.isLetter(paddedLower.charAt(at - 1));
                int end = at + word.length();
                boolean endOk = word.endsWith(".") || end >= paddedLower.length() || !Character.isLetter(paddedLower.charAt(end));
                if (startOk && endOk) {
                    return true;
                }
                at = paddedLower.indexOf(word, at + 1);
            }
        }
        return false;
    }

    private static String closingKey(String line) {
        String lower = line.toLowerCase(Locale.ROOT).strip();
        int end = lower.length();
        while (end > 0 && ",.!-–".indexOf(lower.charAt(end - 1)) >= 0) {
            end--;
        }
        return lower.substring(0, end).strip();
    }
}
