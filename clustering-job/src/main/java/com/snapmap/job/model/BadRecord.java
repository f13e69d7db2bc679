package com.snapmap.job.model;

/** A record that failed to parse or validate, on its way to the DLQ with the reason. */
public class BadRecord {

    public byte[] value;
    /** The offending field, or null when the record as a whole is bad. */
    public String field;
    public String reason;
    public String source;
    public int partition;
    public long offset;

    public BadRecord() {}

    public BadRecord(RawRecord raw, String field, String reason) {
        this.value = raw.value;
        this.field = field;
        this.reason = reason;
        this.source = raw.source;
        this.partition = raw.partition;
        this.offset = raw.offset;
    }

    /** "field: reason" as a person reads it. */
    public String message() {
        return field == null ? reason : field + ": " + reason;
    }

    public String origin() {
        return partition < 0 ? source + ":" + offset : source + "/" + partition + "@" + offset;
    }
}
