package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadrouter.distribution.LeadContext;
import io.leadrouter.distribution.MonthSimulation;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.PolicyException;
import io.leadrouter.distribution.PolicyLoader;
import io.leadrouter.distribution.PolicySimulation;
import io.leadrouter.mapping.MappingCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code simulate} command: runs a simulation through the distribution engine and prints its report as JSON on
 * standard output, without starting Spring or Camel. Each kind of simulation is a {@link Mode} chosen by its flag.
 */
public final class SimulateCommand {
    /** The first program argument that selects this command. */
    public static final String NAME = "simulate";
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final String HELP = "--help";
    private static final String SEED = "--seed";

    /** One kind of simulation: the flag that selects it, the options it accepts, and how it runs. */
    private interface Mode {
        String flag();

        /** True when the flag itself takes a value (e.g. {@code --leads file}). */
        default boolean takesValue() {
            return false;
        }

        /** Options (besides the flag) this mode accepts, each followed by a value. */
        Set<String> options();

        String usage();

        /** The report to print, or throws {@link UsageException} for a bad option value. */
        Object run(Map<String, String> options);
    }

    private static final Mode SYNTHETIC_MONTH = new Mode() {
        @Override
        public String flag() {
            return "--synthetic-month";
        }

        @Override
        public Set<String> options() {
            return Set.of(SEED);
        }

        @Override
        public String usage() {
            return "simulate --synthetic-month [--seed N]   a month of 10,000 synthetic leads for 20 reps in 3 zones"
                    + " (seed default " + MonthSimulation.DEFAULT_SEED + ")";
        }

        @Override
        public Object run(Map<String, String> options) {
            long seed = MonthSimulation.DEFAULT_SEED;
            String text = options.get(SEED);
            if (text != null) {
                try {
                    seed = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new UsageException("--seed needs a whole number, got '" + text + "'");
                }
            }
            return MonthSimulation.syntheticMonth(seed).toMap();
        }
    };

    private static final String POLICY = "--policy";
    private static final String AGAINST = "--against";
    private static final String MAPPINGS = "--mappings";

    /** What-if over a file of leads: their decisions under a policy, or how two policies differ on them. */
    private static final Mode LEADS = new Mode() {
        @Override
        public String flag() {
            return "--leads";
        }

        @Override
        public boolean takesValue() {
            return true;
        }

        @Override
        public Set<String> options() {
            return Set.of(POLICY, AGAINST, MAPPINGS);
        }

        @Override
        public String usage() {
            return "simulate --leads leads.json [--policy policy/distribution.yaml] [--against current.yaml] [--mappings mappings]\n"
                    + "      decides a JSON array of leads ({email, country, …, attributes, submittedAt}) under the policy; with\n"
                    + "      --against, compares the two policies on them (per-rep differences, changed decisions)";
        }

        @Override
        public Object run(Map<String, String> options) {
            Policy policy = policy(options.getOrDefault(POLICY, "policy/distribution.yaml"));
            Path mappingsDir = Path.of(options.getOrDefault(MAPPINGS, "mappings"));
            MappingCatalog mappings = Files.isDirectory(mappingsDir) ? MappingCatalog.load(mappingsDir) : null;
            List<LeadContext> leads;
            try {
                JsonNode array = new ObjectMapper().readTree(Files.readString(Path.of(options.get("--leads"))));
                if (array == null || !array.isArray()) {
                    throw new UsageException("--leads: the file must hold a JSON array of leads");
                }
                List<JsonNode> nodes = new ArrayList<>();
                array.forEach(nodes::add);
                leads = PolicySimulation.readLeads(nodes, Instant.now(),
                        source -> mappings == null ? List.<String>of() : mappings.find(source).map(m -> m.crms()).orElse(List.of()));
            } catch (IOException e) {
                throw new UsageException("--leads: cannot read " + options.get("--leads") + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--leads: " + e.getMessage());
            }
            if (options.containsKey(AGAINST)) {
                return PolicySimulation.compare(policy(options.get(AGAINST)), policy, leads, 50);
            }
            return Map.of("decisions", PolicySimulation.run(policy, leads).stream().map(PolicySimulation.Result::toMap).toList());
        }

        private Policy policy(String file) {
            try {
                return PolicyLoader.load(Path.of(file));
            } catch (PolicyException e) {
                throw new UsageException(e.getMessage());
            }
        }
    };

    private static final List<Mode> MODES = List.of(SYNTHETIC_MONTH, LEADS);

    private SimulateCommand() {
    }

    /** Runs the command with the arguments after {@code simulate}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("simulate: " + e.getMessage());
            err.print(usage());
            return USAGE;
        }
        if (options.containsKey(HELP)) {
            out.print(usage());
            return OK;
        }
        List<Mode> chosen = MODES.stream().filter(m -> options.containsKey(m.flag())).toList();
        if (chosen.size() != 1) {
            err.println("simulate: " + (chosen.isEmpty() ? "say what to simulate" : "choose one of "
                    + chosen.stream().map(Mode::flag).collect(Collectors.joining(", "))));
            err.print(usage());
            return USAGE;
        }
        Mode mode = chosen.get(0);
        for (String option : options.keySet()) {
            if (!option.equals(mode.flag()) && !mode.options().contains(option)) {
                err.println("simulate: " + option + " does not go with " + mode.flag());
                err.print(usage());
                return USAGE;
            }
        }
        Object report;
        try {
            report = mode.run(options);
        } catch (UsageException e) {
            err.println("simulate: " + e.getMessage());
            err.print(usage());
            return USAGE;
        }
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            out.flush();
            return OK;
        } catch (Exception e) {
            err.println("simulate: the report could not be written as JSON: " + e.getMessage());
            return FAILED;
        }
    }

    /** Flags (a mode's flag, --help) stand alone; every other option takes the next argument or {@code =value}. */
    private static Map<String, String> parse(String[] args) {
        Set<String> flags = MODES.stream().filter(m -> !m.takesValue()).map(Mode::flag).collect(Collectors.toSet());
        Set<String> valued = MODES.stream().flatMap(m -> m.options().stream())
                .collect(Collectors.toCollection(java.util.HashSet::new));
        MODES.stream().filter(Mode::takesValue).forEach(m -> valued.add(m.flag()));
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name) || HELP.equals(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                value = "";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
            } else {
                throw new UsageException("unknown argument '" + arg + "'");
            }
            if (options.put(name, value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        return options;
    }

    private static String usage() {
        StringBuilder text = new StringBuilder("usage: java -jar leadrouter.jar simulate <mode> [options]\n");
        MODES.forEach(m -> text.append("  ").append(m.usage()).append('\n'));
        text.append("  simulate --help\n");
        text.append("Prints the report as JSON on standard output. Exit status: 0 done, 1 failed, 2 usage.\n");
        return text.toString();
    }

    /** A bad command line, explained in the message. */
    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
