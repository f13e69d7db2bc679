package com.snapmap.sweeper;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-publishes with the gateway's wire format and key (photoId, so a copy lands behind the
 * original in its partition); the job de-duplicates by photoId. A batch is sent at once and
 * acknowledged together; a send fails within 20 s, below the sweeper's claim timeout.
 */
public final class KafkaUploadRedriver implements UploadRedriver {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final UploadEventCodec codec = new UploadEventCodec();
    private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();

    public KafkaUploadRedriver(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void redrive(UploadEvent e) {
        inFlight.add(producer.send(new ProducerRecord<>(topic, e.photoId.getBytes(StandardCharsets.UTF_8),
                codec.toJson(e).getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void flush() throws Exception {
        producer.flush();
        try {
            for (Future<RecordMetadata> f : inFlight) {
                f.get();
            }
        } finally {
            inFlight.clear();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
