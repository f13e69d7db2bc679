package com.snapmap.core.wire;

/** A record that is not a valid upload event; names the offending field and the reason. */
public class InvalidUploadEventException extends Exception {

    private final String field;
    private final String reason;

    public InvalidUploadEventException(String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The JSON field at fault, or null when the record as a whole is (not JSON, too large). */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
