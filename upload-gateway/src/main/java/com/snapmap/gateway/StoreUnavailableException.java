package com.snapmap.gateway;

/** A backing store (blob, MongoDB, Kafka) could not be reached or refused the write. */
public final class StoreUnavailableException extends Exception {

    private final String kind;
    private final boolean maybeApplied;

    public StoreUnavailableException(String kind, String message, Throwable cause) {
        this(kind, message, cause, true);
    }

    private StoreUnavailableException(String kind, String message, Throwable cause, boolean maybeApplied) {
        super(kind + ": " + message, cause);
        this.kind = kind;
        this.maybeApplied = maybeApplied;
    }

    /** A write that never left this process (no server was selected): the store did not apply it. */
    public static StoreUnavailableException neverSent(String kind, String message, Throwable cause) {
        return new StoreUnavailableException(kind, message, cause, false);
    }

    /** Whether the store may have applied the write (its reply was lost); false when it never got it. */
    public boolean maybeApplied() {
        return maybeApplied;
    }

    /** blob, mongo or kafka: the failure kind counted in /metrics. */
    public String kind() {
        return kind;
    }
}
