package com.snapmap.gateway;

import com.snapmap.contract.PhotoErasure;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link UploadPublisher} on Kafka: idempotent producer, acks=all, key = photoId, value =
 * {@link UploadEventCodec#toJson}; an erasure is a tombstone ({@link PhotoErasure}). Bounded
 * blocking and delivery timeouts so a down broker fails the publish quickly instead of hanging
 * the request.
 */
public final class KafkaUploadPublisher implements UploadPublisher {

    private final Producer<String, String> producer;
    private final String topic;
    private final UploadEventCodec codec = new UploadEventCodec();
    private final Duration timeout;

    /** @param timeout bound on one publish: metadata wait plus delivery */
    public KafkaUploadPublisher(String bootstrapServers, String topic, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        int ms = (int) timeout.toMillis();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "upload-gateway");
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public void publish(UploadEvent event) throws StoreUnavailableException {
        send(new ProducerRecord<>(topic, event.photoId, codec.toJson(event)), "publish of " + event.photoId);
    }

    /** The tombstone: key photoId, null value (compaction then drops the photo's upload event), the erasure's headers. */
    @Override
    public void erase(PhotoErasure erasure) throws StoreUnavailableException {
        ProducerRecord<String, String> tombstone = new ProducerRecord<>(topic, erasure.photoId(), null);
        erasure.headers().forEach((name, value) -> tombstone.headers().add(name, value));
        send(tombstone, "erasure of " + erasure.photoId());
    }

    private void send(ProducerRecord<String, String> record, String what) throws StoreUnavailableException {
        try {
            producer.send(record).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("kafka", "interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new StoreUnavailableException("kafka", what + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
