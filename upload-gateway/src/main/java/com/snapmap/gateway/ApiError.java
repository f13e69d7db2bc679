package com.snapmap.gateway;

/** A request the gateway refuses: HTTP status, the offending field (or null) and a message. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String field;
    private final int retryAfterS;

    public ApiError(int status, String field, String message) {
        this(status, field, message, 0);
    }

    /** @param retryAfterS seconds for a Retry-After header; 0 for none (a 503 always has one) */
    public ApiError(int status, String field, String message, int retryAfterS) {
        super(message);
        this.status = status;
        this.field = field;
        this.retryAfterS = retryAfterS;
    }

    /** The answer for a photo that does not exist, and for one the caller may not delete: the same, so neither tells the other. */
    static ApiError noSuchPhoto(String photoId) {
        return new ApiError(404, "id", "no photo " + photoId);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public int retryAfterS() {
        return retryAfterS;
    }
}
