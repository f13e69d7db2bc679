package com.snapmap.job.prod;

import com.snapmap.job.model.BadRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A DLQ record: the original bytes untouched, the reason and the origin in headers, so an operator
 * can fix and re-publish it.
 */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<BadRecord> {

    private static final long serialVersionUID = 1L;

    public static final String REASON = "dlq.reason";
    public static final String FIELD = "dlq.field";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(BadRecord bad, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bad.message().getBytes(StandardCharsets.UTF_8));
        if (bad.field != null) {
            headers.add(FIELD, bad.field.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(SOURCE_TOPIC, String.valueOf(bad.source).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_PARTITION, Integer.toString(bad.partition).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_OFFSET, Long.toString(bad.offset).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, null, null, bad.value, headers);
    }
}
