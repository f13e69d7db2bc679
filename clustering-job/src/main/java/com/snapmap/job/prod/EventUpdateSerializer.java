package com.snapmap.job.prod;

import com.snapmap.contract.EventJson;
import com.snapmap.job.model.EventDocument;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The event-updates feed: key eventId (so one event's updates stay in order), value the contract's
 * JSON, or none for an event whose every photo was erased.
 */
public class EventUpdateSerializer implements KafkaRecordSerializationSchema<EventDocument> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public EventUpdateSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EventDocument d, KafkaSinkContext context, Long timestamp) {
        // An erased event (all its photos deleted) is a Kafka tombstone: compaction forgets it too.
        return new ProducerRecord<>(topic, d.eventId.getBytes(StandardCharsets.UTF_8),
                d.erased ? null : EventJson.toJson(d).getBytes(StandardCharsets.UTF_8));
    }
}
