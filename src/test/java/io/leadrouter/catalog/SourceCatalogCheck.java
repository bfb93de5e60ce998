package io.leadrouter.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.leadrouter.mapping.MappingCatalog;
import io.leadrouter.mapping.MappingException;
import io.leadrouter.mapping.SourceMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Checks the routes/ and mappings/ folders of a project root against the two-files-per-source convention. */
final class SourceCatalogCheck {

    static final String ROUTE_SUFFIX = ".camel.yaml";
    static final String MAPPING_SUFFIX = ".mapping.yaml";
    static final String MAPPING_SCHEMA = "mapping.schema.json";
    static final List<String> SOURCE_KAMELETS = List.of("kamelet:lead-form-source", "kamelet:lead-webhook-source", "kamelet:lead-soap-source", "kamelet:lead-mail-source", "kamelet:lead-cdc-source");
    static final String SINK_KAMELET = "kamelet:lead-intake-sink";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|token|password|key).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");
    private static final Pattern RETRY_NAME =
            Pattern.compile("(?i).*(retry|redeliver|errorhandler|onexception|circuitbreaker).*");
    private static final Pattern CRM_URI = Pattern.compile("(?i)\\s*(salesforce|hubspot):.*", Pattern.DOTALL);
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path root;

    SourceCatalogCheck(Path root) {
        this.root = root;
    }

    Path routesDir() {
        return root.resolve("routes");
    }

    Path mappingsDir() {
        return root.resolve("mappings");
    }

    /** Every problem in both folders. */
    List<String> checkAll() {
        List<String> problems = new ArrayList<>();
        routeFiles().forEach(file -> problems.addAll(checkRoute(file)));
        mappingFiles().forEach(file -> problems.addAll(checkMapping(file)));
        return problems;
    }

    List<Path> routeFiles() {
        return files(routesDir());
    }

    /** The files in mappings/ except the JSON Schema they share ({@value #MAPPING_SCHEMA}). */
    List<Path> mappingFiles() {
        return files(mappingsDir()).stream().filter(f -> !f.getFileName().toString().equals(MAPPING_SCHEMA)).toList();
    }

    List<String> checkRoute(Path file) {
        Problems problems = new Problems("routes/" + file.getFileName());
        String stem = stem(file, ROUTE_SUFFIX);
        if (stem == null) {
            problems.add("is not named <id>" + ROUTE_SUFFIX, "rename it to <source id>" + ROUTE_SUFFIX
                    + " using lower-case letters, digits and dashes");
            return problems.list;
        }
        if (!ids(mappingsDir(), MAPPING_SUFFIX).contains(stem)) {
            problems.add("has no mapping", "add mappings/" + stem + MAPPING_SUFFIX
                    + " describing how its payload becomes a lead");
        }
        Object document;
        try {
            document = YAML.readValue(file.toFile(), Object.class);
        } catch (JsonProcessingException e) {
            problems.add("is not valid YAML (" + e.getOriginalMessage().replaceAll("\\s+", " ").strip() + ")",
                    "correct the YAML syntax");
            return problems.list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(document instanceof List<?> list) || list.size() != 1
                || !(list.get(0) instanceof Map<?, ?> entry) || !(entry.get("route") instanceof Map<?, ?> route)) {
            problems.add("does not hold exactly one '- route:'", "keep one route per file, shaped like "
                    + "routes/form-website.camel.yaml");
            return problems.list;
        }
        checkRouteBody(stem, route, problems);
        checkNoSecrets(route, problems);
        checkNoRetriesOrCrmCalls(route, problems);
        return problems.list;
    }

    private void checkRouteBody(String stem, Map<?, ?> route, Problems problems) {
        Object id = route.get("id");
        if (!stem.equals(id)) {
            problems.add("route id '" + id + "' does not match the file name", "set id: " + stem
                    + " or rename the file to " + id + ROUTE_SUFFIX);
        }
        Map<?, ?> from = route.get("from") instanceof Map<?, ?> map ? map : Map.of();
        Endpoint source = Endpoint.of(from);
        if (source == null || !SOURCE_KAMELETS.contains(source.base())) {
            problems.add("starts from '" + (source == null ? null : source.base()) + "'",
                    "start from one of " + String.join(", ", SOURCE_KAMELETS));
        } else if (source.parameters().containsKey("source") && !stem.equals(source.parameters().get("source"))) {
            problems.add("source kamelet has source '" + source.parameters().get("source") + "'",
                    "set its source parameter to " + stem);
        }
        List<?> steps = from.get("steps") instanceof List<?> list ? list : List.of();
        Object last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        Endpoint sink = last instanceof Map<?, ?> step ? Endpoint.of(step.get("to")) : null;
        if (sink == null || !SINK_KAMELET.equals(sink.base())) {
            problems.add("does not end with 'to: " + SINK_KAMELET + "'", "make the last step\n"
                    + "        - to:\n            uri: " + SINK_KAMELET + "\n            parameters:\n"
                    + "              source: " + stem);
        } else if (!stem.equals(sink.parameters().get("source"))) {
            problems.add("ends in " + SINK_KAMELET + " with source '" + sink.parameters().get("source") + "'",
                    "set the sink's source parameter to " + stem);
        }
    }

    private static void checkNoSecrets(Object node, Problems problems) {
        walk(node, null, (key, value) -> {
            Map<String, Object> parameters = new LinkedHashMap<>();
            if ("parameters".equals(key) && value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> parameters.put(String.valueOf(k), v));
            } else if (value instanceof String uri) {
                parameters.putAll(Endpoint.query(uri));
            }
            parameters.forEach((name, parameter) -> {
                if (SECRET_NAME.matcher(name).matches()
                        && !(parameter instanceof String text && PLACEHOLDER.matcher(text.strip()).matches())) {
                    problems.add("parameter '" + name + "' holds a literal secret",
                            "replace its value with a placeholder such as {{" + name + "}} and supply it from the "
                                    + "environment or a Kubernetes Secret");
                }
            });
        });
    }

    private static void checkNoRetriesOrCrmCalls(Object node, Problems problems) {
        walk(node, null, (key, value) -> {
            if (key != null && RETRY_NAME.matcher(key).matches()) {
                problems.add("configures '" + key + "'", "remove it: routes do not retry; the inbox and the CRM "
                        + "writers' outbox handle redelivery");
            }
            if (value instanceof String text) {
                if (CRM_URI.matcher(text).matches()) {
                    problems.add("calls '" + text.strip() + "'", "remove the CRM call: routes end at "
                            + SINK_KAMELET + " and the CRM writers deliver leads");
                }
                Endpoint.query(text).keySet().stream().filter(name -> RETRY_NAME.matcher(name).matches())
                        .forEach(name -> problems.add("sets '" + name + "' on an endpoint",
                                "remove it: routes do not retry; the inbox and outbox handle redelivery"));
            }
        });
    }

    List<String> checkMapping(Path file) {
        Problems problems = new Problems("mappings/" + file.getFileName());
        String stem = stem(file, MAPPING_SUFFIX);
        if (stem != null && !ids(routesDir(), ROUTE_SUFFIX).contains(stem)) {
            problems.add("has no route", "add routes/" + stem + ROUTE_SUFFIX + " starting from one of "
                    + String.join(", ", SOURCE_KAMELETS) + " and ending in " + SINK_KAMELET);
        }
        SourceMapping mapping;
        try {
            mapping = MappingCatalog.loadFile(file);
        } catch (MappingException e) {
            problems.list.addAll(e.problems());
            return problems.list;
        }
        mapping.checkExamples().forEach(failure -> problems.add(failure,
                "correct the example's expectation or the field mapping"));
        return problems.list;
    }

    private static String stem(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix)) {
            return null;
        }
        String stem = name.substring(0, name.length() - suffix.length());
        return ID.matcher(stem).matches() ? stem : null;
    }

    private static Set<String> ids(Path dir, String suffix) {
        Set<String> ids = new TreeSet<>();
        for (Path file : files(dir)) {
            String stem = stem(file, suffix);
            if (stem != null) {
                ids.add(stem);
            }
        }
        return ids;
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Visitor {
        void visit(String key, Object value);
    }

    private static void walk(Object node, String key, Visitor visitor) {
        visitor.visit(key, node);
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, String.valueOf(k), visitor));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, null, visitor));
        }
    }

    /** An endpoint written as a URI string or as {uri, parameters}. */
    private record Endpoint(String base, Map<String, Object> parameters) {

        static Endpoint of(Object node) {
            Object uri = node instanceof Map<?, ?> map ? map.get("uri") : node;
            if (!(uri instanceof String text)) {
                return null;
            }
            Map<String, Object> parameters = new LinkedHashMap<>(query(text));
            if (node instanceof Map<?, ?> map && map.get("parameters") instanceof Map<?, ?> given) {
                given.forEach((k, v) -> parameters.put(String.valueOf(k), v));
            }
            int question = text.indexOf('?');
            return new Endpoint((question < 0 ? text : text.substring(0, question)).strip(), parameters);
        }

        static Map<String, Object> query(String uri) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            int question = uri.indexOf('?');
            if (question < 0 || !uri.substring(0, question).contains(":")) {
                return parameters;
            }
            Matcher pair = Pattern.compile("([^&=]+)=?([^&]*)").matcher(uri.substring(question + 1));
            while (pair.find()) {
                parameters.put(pair.group(1), pair.group(2));
            }
            return parameters;
        }
    }

    private static final class Problems {
        private final String file;
        private final List<String> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(String problem, String fix) {
            list.add(file + ": " + problem + " — fix: " + fix);
        }
    }
}
