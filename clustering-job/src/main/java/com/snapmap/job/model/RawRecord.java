package com.snapmap.job.model;

/**
 * One input record before parsing, with where it came from so a DLQ entry can point back at it:
 * a Kafka topic/partition/offset, or a file path and line number (partition -1).
 */
public class RawRecord {

    public byte[] value;
    public String source;
    public int partition;
    public long offset;

    public RawRecord() {}

    public RawRecord(byte[] value, String source, int partition, long offset) {
        this.value = value;
        this.source = source;
        this.partition = partition;
        this.offset = offset;
    }

    /** "topic/partition@offset" or "file:line". */
    public String origin() {
        return partition < 0 ? source + ":" + offset : source + "/" + partition + "@" + offset;
    }
}
