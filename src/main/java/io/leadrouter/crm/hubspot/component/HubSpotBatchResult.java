package io.leadrouter.crm.hubspot.component;

import java.util.List;

/**
 * What HubSpot did with each input of a batch call, in input order: the record id, or HubSpot's error for it.
 * A 207 multi-status answer becomes a result with some failed inputs, not an exception.
 */
public record HubSpotBatchResult(int statusCode, List<InputResult> inputs) {

    public HubSpotBatchResult {
        inputs = List.copyOf(inputs);
    }

    public boolean allSucceeded() {
        return inputs.stream().allMatch(InputResult::succeeded);
    }

    public List<InputResult> failures() {
        return inputs.stream().filter(r -> !r.succeeded()).toList();
    }

    /**
     * One input's outcome.
     *
     * @param index   position of the input in the request body
     * @param key     the input's id property value (e.g. its email)
     * @param id      HubSpot's record id when it succeeded
     * @param created true when HubSpot created the record, false when it updated one, null when unknown
     * @param error   HubSpot's message when it failed
     * @param category HubSpot's error category when it failed
     */
    public record InputResult(int index, String key, String id, Boolean created, String error, String category) {

        public boolean succeeded() {
            return id != null && error == null;
        }
    }
}
