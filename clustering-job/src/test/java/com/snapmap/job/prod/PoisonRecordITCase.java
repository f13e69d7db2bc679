package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.job.ClusteringConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the DLQ cannot copy byte for byte: one as large as the broker takes, one gzip-compressed
 * that unpacks to 3 MiB. Both land in the DLQ with their key and reason, the job never restarts,
 * and the photos around them are clustered as the reference clusters them.
 */
class PoisonRecordITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    /** The broker's default message.max.bytes (1 MiB + 12) less room for the batch's and the record's framing. */
    private static final int LARGEST_PLAIN_VALUE = 1_048_588 - 200;
    private static final int GZIPPED_VALUE = 3 * 1024 * 1024;

    @Test
    void aRecordTooLargeToCopyWholeReachesTheDlqWithItsKeyAndTheJobNeverRestarts() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, "photo-uploads");
        STACK.kafka().broker().createTopics(1, "photo-uploads-dlq", "event-updates");
        List<Photo> photos = new CityStreamGenerator(41.39, 2.17, 1_000, 1_714_521_600_000L, 3_600_000L)
                .generate(5, 400, 0.7, "pp");
        Clustering reference = new ReferenceClusterer(ClusteringConfig.defaults().linkRule()).cluster(photos);

        try (KafkaProducer<byte[], byte[]> plain = ProductionRig.producer(STACK.kafka().broker(),
                        Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "8388608"));
                KafkaProducer<byte[], byte[]> gzip = ProductionRig.producer(STACK.kafka().broker(),
                        Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "8388608", ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"))) {
            ProductionRig.send(plain, photos.subList(0, 200));
            plain.send(new ProducerRecord<>("photo-uploads", key("poison-big"), padded(LARGEST_PLAIN_VALUE))).get();
            gzip.send(new ProducerRecord<>("photo-uploads", key("poison-gzip"), padded(GZIPPED_VALUE))).get();
            ProductionRig.send(plain, photos.subList(200, photos.size()));
            ProductionRig.sendSentinels(plain, photos.get(photos.size() - 1).takenAt);
        }

        JobSettings settings = ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), "poison", "poison", "committed");
        JobClient job = ProductionRig.start(settings, 2, null);
        var client = STACK.miniCluster().getClientConfiguration();
        ProductionRig.awaitClusteredWithoutRestart(client, job, STACK.mongo().connectionString(), "poison", reference.eventOfPhoto());

        List<ConsumerRecord<byte[], byte[]>> dlq = ProductionRig.readCommitted(STACK.kafka().broker(), "photo-uploads-dlq", 2, Duration.ofSeconds(30));
        assertThat(dlq).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("poison-big", "poison-gzip");
        assertThat(dlq).extracting(r -> ProductionRig.header(r, DeadLetterSerializer.REASON))
                .allMatch(reason -> reason.contains("exceeds the 16384-byte limit"));
        assertThat(ProductionRig.restarts(client, job.getJobID())).isZero();
        job.cancel().get();
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object of exactly {@code size} bytes, padded with one repeated letter (compresses well). */
    private static byte[] padded(int size) {
        byte[] head = "{\"photoId\":\"poison\",\"pad\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[size];
        Arrays.fill(v, (byte) 'z');
        System.arraycopy(head, 0, v, 0, head.length);
        v[size - 2] = '"';
        v[size - 1] = '}';
        return v;
    }
}
