package io.leadrouter.pipeline;

import io.leadrouter.api.ErrorBody;
import io.leadrouter.lead.FieldViolation;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Ends an intake exchange with a JSON answer; request headers are dropped so none is echoed back. */
final class Responses {
    private Responses() {
    }

    static void reject(Exchange exchange, int status, String field, String message) {
        reject(exchange, status, List.of(new FieldViolation(field, message)));
    }

    static void reject(Exchange exchange, int status, List<FieldViolation> violations) {
        answer(exchange, status, ErrorBody.of(violations));
    }

    static void answer(Exchange exchange, int status, String jsonBody) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(jsonBody);
        exchange.setRouteStop(true);
    }
}
