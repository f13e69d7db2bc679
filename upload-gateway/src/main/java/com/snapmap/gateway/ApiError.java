package com.snapmap.gateway;

/** A request the gateway refuses: HTTP status, the offending field (or null) and a message. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String field;

    public ApiError(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
