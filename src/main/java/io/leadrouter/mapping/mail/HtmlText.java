package io.leadrouter.mapping.mail;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * HTML mail body to plain text with jsoup: block elements become line breaks, and a table row of a label cell
 * and a value cell becomes a {@code Label: value} line (a bold label alone in its row becomes {@code Label:}),
 * so HTML notification tables read like their plain-text versions.
 */
final class HtmlText {

    private static final Set<String> SKIPPED = Set.of("head", "script", "style", "title", "noscript", "template");
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "center", "dd",
            "div", "dl", "dt", "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
            "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul");
    private static final int LABEL_MAX_CHARS = 60;
    private static final int LABEL_MAX_NODES = 12;

    private HtmlText() {
    }

    static String toText(String html) {
        Element body = Jsoup.parse(html).body();
        StringBuilder out = new StringBuilder(Math.min(html.length(), 1 << 16));
        Set<Node> skip = Collections.newSetFromMap(new IdentityHashMap<>());
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (skip.contains(node)) {
                    return FilterResult.SKIP_ENTIRELY;
                }
                if (node instanceof TextNode text) {
                    appendText(out, text.text());
                    return FilterResult.CONTINUE;
                }
                if (!(node instanceof Element element)) {
                    return FilterResult.CONTINUE;
                }
                String tag = element.normalName();
                if (SKIPPED.contains(tag)) {
                    return FilterResult.SKIP_ENTIRELY;
                }
                if (tag.equals("br")) {
                    out.append('\n');
                } else if (tag.equals("tr")) {
                    labelRow(element, out, skip);
                } else if (BLOCKS.contains(tag)) {
                    newLine(out);
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node instanceof Element element) {
                    String tag = element.normalName();
                    if (BLOCKS.contains(tag) || tag.equals("td") || tag.equals("th")) {
                        newLine(out);
                    }
                    if (tag.equals("p") || tag.equals("table")) {
                        out.append('\n');
                    }
                }
                return FilterResult.CONTINUE;
            }
        }, body);
        return tidy(out);
    }

    /** A row of [label][value] prints "label: " and lets the traversal print the value; a bold-only cell prints "label:". */
    private static void labelRow(Element row, StringBuilder out, Set<Node> skip) {
        List<Element> cells = row.children().stream()
                .filter(cell -> cell.normalName().equals("td") || cell.normalName().equals("th"))
                .toList();
        newLine(out);
        if (cells.size() == 2) {
            String label = shortText(cells.get(0));
            if (label != null && !label.isEmpty() && !cells.get(1).childNodes().isEmpty()) {
                out.append(label.endsWith(":") ? label.substring(0, label.length() - 1).trim() : label).append(": ");
                skip.add(cells.get(0));
            }
        } else if (cells.size() == 1) {
            Element cell = cells.get(0);
            String label = shortText(cell);
            Element bold = label == null || label.isEmpty() ? null : cell.selectFirst("strong, b");
            if (bold != null && label.equals(bold.text().trim())) {
                out.append(label.endsWith(":") ? label : label + ":").append('\n');
                skip.add(cell);
            }
        }
    }

    /** The text of a small element (a label cell), or null when it holds more than a label would. */
    private static String shortText(Element element) {
        StringBuilder text = new StringBuilder();
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(element);
        int visited = 0;
        while (!pending.isEmpty()) {
            if (++visited > LABEL_MAX_NODES) {
                return null;
            }
            Node node = pending.pop();
            if (node instanceof TextNode textNode) {
                text.append(textNode.text());
                if (text.length() > LABEL_MAX_CHARS * 2) {
                    return null;
                }
            } else if (node instanceof Element child) {
                if (child.normalName().equals("table") || child.normalName().equals("br") && child != element) {
                    return null;
                }
                List<Node> children = child.childNodes();
                for (int i = children.size() - 1; i >= 0; i--) {
                    pending.push(children.get(i));
                }
            }
        }
        String label = text.toString().replace('\u00A0', ' ').trim();
        return label.length() > LABEL_MAX_CHARS ? null : label;
    }

    private static void appendText(StringBuilder out, String text) {
        String cleaned = text.replace('\u00A0', ' ');
        if (cleaned.isEmpty()) {
            return;
        }
        boolean atLineStart = out.length() == 0 || out.charAt(out.length() - 1) == '\n';
        if (atLineStart) {
            cleaned = cleaned.stripLeading();
        } else if (cleaned.charAt(0) == ' ' && out.charAt(out.length() - 1) == ' ') {
            cleaned = cleaned.substring(1);
        }
        out.append(cleaned);
    }

    private static void newLine(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    /** Strips each line and keeps at most one blank line in a row. */
    private static String tidy(CharSequence text) {
        StringBuilder result = new StringBuilder(text.length());
        int blankRun = 0;
        for (String line : text.toString().split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                if (++blankRun > 1 || result.length() == 0) {
                    continue;
                }
            } else {
                blankRun = 0;
            }
            result.append(stripped).append('\n');
        }
        return result.toString().strip();
    }
}
