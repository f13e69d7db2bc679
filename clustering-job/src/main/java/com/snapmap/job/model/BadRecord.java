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

    /**
     * @param source a Kafka topic, or a file's name
     * @param partition the Kafka partition, or -1 for a file
     * @param offset the Kafka offset, or the file's line number
     */
    public BadRecord(byte[] value, String field, String reason, String source, int partition, long offset) {
        this.value = value;
        this.field = field;
        this.reason = reason;
        this.source = source;
        this.partition = partition;
        this.offset = offset;
    }

    /** "field: reason" as a person reads it. */
    public String message() {
        return field == null ? reason : field + ": " + reason;
    }

    /** "topic/partition@offset" or "file:line". */
    public String origin() {
        return partition < 0 ? source + ":" + offset : source + "/" + partition + "@" + offset;
    }
}
