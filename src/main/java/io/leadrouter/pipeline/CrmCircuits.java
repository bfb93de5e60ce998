package io.leadrouter.pipeline;

import io.leadrouter.api.CrmController;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The guarded writers of this application, by CRM, so the admin API can show each writer's circuit state. */
public final class CrmCircuits implements CrmController.Circuits {
    private final Map<String, GuardedWriter> writers = new ConcurrentHashMap<>();

    /** Registers {@code writer} as {@code crm}'s and returns it. */
    public GuardedWriter register(String crm, GuardedWriter writer) {
        writers.put(crm, writer);
        return writer;
    }

    @Override
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        writers.forEach((crm, writer) -> states.put(crm, writer.circuitState()));
        return states;
    }
}
