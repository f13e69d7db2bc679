package com.snapmap.job.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A record that failed to parse or validate, on its way to the DLQ with the reason. It keeps the
 * record's key and at most {@link #MAX_KEPT_BYTES} of its value (and of its key), with the
 * value's original size and SHA-256: a DLQ copy stays small whatever arrived (a record the
 * broker took compressed may unpack to many MiB), so writing it can never fail the job.
 */
public class BadRecord {

    /** What a DLQ copy keeps of a value or a key; the rest is known by its size and hash. */
    public static final int MAX_KEPT_BYTES = 64 * 1024;
    /** A reason longer than this is cut: it travels in a header. */
    public static final int MAX_REASON_CHARS = 1_000;

    /** The record's key, at most {@link #MAX_KEPT_BYTES}; null when it had none. */
    public byte[] key;
    /** The key's size as it arrived; -1 when it had none. */
    public int keySize = -1;
    /** The value, at most {@link #MAX_KEPT_BYTES}; null when it had none. */
    public byte[] value;
    /** The value's size as it arrived; -1 when it had none. */
    public int valueSize = -1;
    /** Lower-case hex SHA-256 of the whole value as it arrived; null when it had none. */
    public String valueSha256;
    /** The offending field, or null when the record as a whole is bad. */
    public String field;
    public String reason;
    public String source;
    public int partition;
    public long offset;

    public BadRecord() {}

    /**
     * @param key the record's key, or null
     * @param value the record's value as it arrived, or null; kept up to {@link #MAX_KEPT_BYTES}
     * @param source a Kafka topic, or a file's name
     * @param partition the Kafka partition, or -1 for a file
     * @param offset the Kafka offset, or the file's line number
     */
    public BadRecord(byte[] key, byte[] value, String field, String reason, String source, int partition, long offset) {
        this.key = kept(key);
        this.keySize = key == null ? -1 : key.length;
        this.value = kept(value);
        this.valueSize = value == null ? -1 : value.length;
        this.valueSha256 = value == null ? null : sha256(value);
        this.field = field;
        this.reason = reason == null || reason.length() <= MAX_REASON_CHARS ? reason
                : reason.substring(0, MAX_REASON_CHARS) + "…";
        this.source = source;
        this.partition = partition;
        this.offset = offset;
    }

    /** Whether the value was cut to {@link #MAX_KEPT_BYTES}. */
    public boolean valueTruncated() {
        return value != null && value.length < valueSize;
    }

    /** Whether the key was cut to {@link #MAX_KEPT_BYTES}. */
    public boolean keyTruncated() {
        return key != null && key.length < keySize;
    }

    /** "field: reason" as a person reads it. */
    public String message() {
        return field == null ? reason : field + ": " + reason;
    }

    /** "topic/partition@offset" or "file:line". */
    public String origin() {
        return partition < 0 ? source + ":" + offset : source + "/" + partition + "@" + offset;
    }

    private static byte[] kept(byte[] bytes) {
        return bytes == null || bytes.length <= MAX_KEPT_BYTES ? bytes : Arrays.copyOf(bytes, MAX_KEPT_BYTES);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
