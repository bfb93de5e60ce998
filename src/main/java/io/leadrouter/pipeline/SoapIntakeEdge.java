package io.leadrouter.pipeline;

import io.leadrouter.intake.IntakeOutcome;
import io.leadrouter.intake.SoapAck;
import io.leadrouter.lead.FieldViolation;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Bean {@code leadSoapEdge} of the {@code lead-soap-source} kamelet: answers a Salesforce Outbound Message in SOAP
 * terms — the documented {@code <Ack>true</Ack>} once the bytes are durable (a repeat and a message that does not map
 * are durable too), a {@code Client} fault with a 4xx for a refused request (nothing stored; Salesforce keeps
 * retrying it until someone fixes the sender), a {@code Server} fault with 500 when storage is unavailable.
 */
public class SoapIntakeEdge {

    public void answer(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof IntakeOutcome.Accepted || body instanceof IntakeOutcome.Duplicate || body instanceof IntakeOutcome.Rejected) {
            answer(exchange, 200, SoapAck.ack(true));
        } else if (body instanceof IntakeOutcome.Refused refused) {
            answer(exchange, status(refused.refusal()), SoapAck.clientFault(refused.reasons().stream()
                    .map(FieldViolation::message).collect(Collectors.joining("; "))));
        } else if (body instanceof IntakeOutcome.Unavailable unavailable) {
            answer(exchange, 500, SoapAck.fault(unavailable.reason()));
        } else {
            answer(exchange, 500, SoapAck.fault("internal error; nothing was acknowledged"));
        }
    }

    private static int status(IntakeOutcome.Refusal refusal) {
        return switch (refusal) {
            case UNKNOWN_SOURCE -> 404;
            case UNAUTHENTICATED -> 401;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case RATE_LIMITED -> 429;
            case NOT_ALLOWED -> 403;
            case MALFORMED -> 400;
        };
    }

    private static void answer(Exchange exchange, int status, String envelope) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, SoapAck.CONTENT_TYPE);
        message.setBody(envelope);
    }
}
