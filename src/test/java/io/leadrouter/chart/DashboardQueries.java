package io.leadrouter.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a Grafana dashboard's PromQL queries read: every panel's (and nested row panel's) target
 * {@code expr} and every query variable's {@code label_values(metric, label)}. A metric name is an identifier that is
 * neither a function or aggregation (followed by {@code (}), nor a keyword, nor inside a label matcher {@code {...}},
 * a range {@code [...]}, a string or a {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_*} label
 * list. Histogram series keep their suffix ({@code _bucket}, {@code _count}, {@code _sum}): the scrape has them so.
 */
public final class DashboardQueries {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*\\}|\\$\\w+");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{,)]");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "atan2", "inf", "nan", "Inf", "NaN");

    private DashboardQueries() {
    }

    /** The metric names every query of the dashboard reads. */
    public static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        collectPanels(dashboard.path("panels"), names);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                String query = variable.path("query").isTextual() ? variable.path("query").asText()
                        : variable.path("query").path("query").asText();
                Matcher m = LABEL_VALUES.matcher(query);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static void collectPanels(JsonNode panels, Set<String> names) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                names.addAll(metricNames(target.path("expr").asText()));
            }
            collectPanels(panel.path("panels"), names);
        }
    }

    /** The metric names one PromQL expression reads. */
    public static Set<String> metricNames(String expr) {
        String bare = STRING.matcher(expr).replaceAll("\"\"");
        bare = LABEL_LIST.matcher(bare).replaceAll(" ");
        bare = MATCHERS.matcher(bare).replaceAll("{}");
        bare = RANGE.matcher(bare).replaceAll("[]");
        bare = VARIABLE.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
