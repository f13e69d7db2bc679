package com.snapmap.sweeper;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Re-publishes with the gateway's wire format and key (photoId); the job de-duplicates by photoId. */
public final class KafkaUploadRedriver implements UploadRedriver {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final UploadEventCodec codec = new UploadEventCodec();

    public KafkaUploadRedriver(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void redrive(UploadEvent e) throws Exception {
        producer.send(new ProducerRecord<>(topic, e.photoId.getBytes(StandardCharsets.UTF_8),
                codec.toJson(e).getBytes(StandardCharsets.UTF_8))).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
