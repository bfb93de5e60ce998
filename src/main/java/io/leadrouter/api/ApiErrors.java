package io.leadrouter.api;

import io.leadrouter.distribution.FlowException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns refusals into the one JSON error shape: 404 / 403 / 409 from the lead flow, 400 for unreadable bodies. */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
public class ApiErrors {

    @ExceptionHandler(FlowException.class)
    ResponseEntity<String> refused(FlowException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        return error(status, "lead", e.getMessage());
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<String> invalid(ApiException e) {
        return error(e.status(), e.field(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "body", "the request body is not valid JSON of the expected shape");
    }

    static ResponseEntity<String> error(HttpStatus status, String field, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ErrorBody.of(field, message));
    }
}
