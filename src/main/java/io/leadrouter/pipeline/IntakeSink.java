package io.leadrouter.pipeline;

import io.leadrouter.intake.IntakeOutcome;
import io.leadrouter.intake.LeadIntake;
import io.leadrouter.intake.RawSubmission;
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

    public IntakeSink(LeadIntake intake) {
        this.intake = intake;
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof IntakeOutcome) {
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
    }
}
