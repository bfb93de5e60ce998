package io.leadrouter.pipeline;

import io.leadrouter.intake.IntakeOutcome;
import io.leadrouter.intake.LeadIntake;
import io.leadrouter.intake.RawSubmission;
import io.leadrouter.intake.SourceRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code leadIntake} of the {@code lead-intake-sink} kamelet: hands the source's {@link RawSubmission} to the
 * channel-neutral {@link LeadIntake} and leaves its {@link IntakeOutcome} as the body for the source to answer.
 * An outcome already in the body (the edge refused the request) passes through untouched.
 */
public class IntakeSink implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeSink.class);

    private final LeadIntake intake;
    private volatile LeadMetrics metrics;

    public IntakeSink(LeadIntake intake) {
        this.intake = intake;
    }

    /** From now on every outcome is counted per source in {@code metrics}. */
    public void measureWith(LeadMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof IntakeOutcome refused) {
            count(exchange.getProperty(HttpIntakeEdge.REQUEST_PROPERTY, SourceRequest.class), null, refused);
            return;
        }
        if (!(body instanceof RawSubmission raw)) {
            exchange.getMessage().setBody(IntakeOutcome.Refused.of(IntakeOutcome.Refusal.MALFORMED, "body",
                    "the source route did not hand a submission to the intake sink"));
            return;
        }
        String mode = exchange.getMessage().getHeader(HttpIntakeEdge.MODE_HEADER, LeadIntake.Mode.MAP_LATER.name(), String.class);
        IntakeOutcome outcome;
        try {
            outcome = intake.submit(raw, LeadIntake.Mode.valueOf(mode));
        } catch (RuntimeException e) {
            LOG.error("intake of a submission to {} failed; nothing acknowledged: {}", raw.sourceId(), e.getClass().getName(), e);
            outcome = new IntakeOutcome.Unavailable("internal error; nothing was acknowledged — retry");
        }
        exchange.getMessage().setBody(outcome);
        count(null, raw.sourceId(), outcome);
    }

    private void count(SourceRequest request, String sourceId, IntakeOutcome outcome) {
        LeadMetrics m = metrics;
        if (m != null) {
            m.intake(sourceId != null ? sourceId : request == null ? null : sourceOf(request.uri()), outcome);
        }
    }

    /** The source id in an intake URI ({@code /intake/<id>[?…]}), or null. */
    private static String sourceOf(String uri) {
        if (uri == null) {
            return null;
        }
        int start = uri.indexOf(IntakeEdgeFilter.PREFIX);
        if (start < 0) {
            return null;
        }
        String rest = uri.substring(start + IntakeEdgeFilter.PREFIX.length());
        int end = rest.indexOf('/') >= 0 ? rest.indexOf('/') : rest.indexOf('?');
        return end < 0 ? rest : rest.substring(0, end);
    }
}
