package io.leadrouter.api;

import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status, the field at fault and a message saying how to fix it. */
public final class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String field;

    public ApiException(HttpStatus status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static ApiException notFound(String field, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, field, message);
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, field, message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "Authorization", message);
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }
}
