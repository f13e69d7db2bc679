package com.snapmap.gateway;

/** A backing store (blob, MongoDB, Kafka) could not be reached or refused the write. */
public final class StoreUnavailableException extends Exception {

    private final String kind;

    public StoreUnavailableException(String kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    /** blob, mongo or kafka: the failure kind counted in /metrics. */
    public String kind() {
        return kind;
    }
}
