package com.snapmap.job.prod;

import com.snapmap.job.model.BadRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A DLQ record (docs/DELIVERY.md, "The DLQ record"): the original key, the value whole up to
 * {@link BadRecord#MAX_KEPT_BYTES} (cut there beyond), and in headers the reason, the origin and
 * the value's original size and SHA-256, so an operator can find, fix and re-publish it.
 */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<BadRecord> {

    private static final long serialVersionUID = 1L;

    public static final String REASON = "dlq.reason";
    public static final String FIELD = "dlq.field";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    /** The value's size in bytes as it arrived (absent when the record had no value). */
    public static final String VALUE_SIZE = "dlq.value.size";
    /** Lower-case hex SHA-256 of the whole value as it arrived. */
    public static final String VALUE_SHA256 = "dlq.value.sha256";
    /** "true" when the value was cut to {@link BadRecord#MAX_KEPT_BYTES}, else "false". */
    public static final String VALUE_TRUNCATED = "dlq.value.truncated";
    /** The key's size as it arrived, present only when the key was cut too. */
    public static final String KEY_SIZE = "dlq.key.size";

    /**
     * The DLQ producer's max.request.size, set rather than left to the client's default: a DLQ
     * record is at most two kept parts of 64 KiB, a reason of 1 000 characters and a few short
     * headers (~131 KiB), far below it, so no record can be refused as too large.
     */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(BadRecord bad, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(bad.message()));
        if (bad.field != null) {
            headers.add(FIELD, utf8(bad.field));
        }
        headers.add(SOURCE_TOPIC, utf8(String.valueOf(bad.source)));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(bad.partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(bad.offset)));
        if (bad.value != null) {
            headers.add(VALUE_SIZE, utf8(Integer.toString(bad.valueSize)));
            headers.add(VALUE_SHA256, utf8(bad.valueSha256));
            headers.add(VALUE_TRUNCATED, utf8(Boolean.toString(bad.valueTruncated())));
        }
        if (bad.keyTruncated()) {
            headers.add(KEY_SIZE, utf8(Integer.toString(bad.keySize)));
        }
        return new ProducerRecord<>(topic, null, null, bad.key, bad.value, headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
