package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.model.BadRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10 000 hostile records ({@link FuzzedUploads}) interleaved with valid photos on photo-uploads:
 * every hostile one lands in the DLQ exactly once with a reason, the job never restarts, and the
 * valid photos end in the reference clusterer's partition.
 */
class FuzzedUploadsITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final long SEED = 24;
    private static final int FUZZED = 10_000;
    private static final long T0 = 1_714_521_600_000L;
    private static final long SPAN = 3_600_000L;

    @Test
    void everyHostileRecordLandsInTheDlqOnceAndTheValidOnesAreClustered() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, "photo-uploads");
        STACK.kafka().broker().createTopics(1, "photo-uploads-dlq", "event-updates");
        List<Photo> photos = new CityStreamGenerator(45.76, 4.83, 1_000, T0, SPAN).generate(SEED, 1_000, 0.7, "v");
        Clustering reference = new ReferenceClusterer(ClusteringConfig.defaults().linkRule()).cluster(photos);

        // Which slots carry a photo and which a fuzzed record, shuffled by the seed.
        List<Boolean> fuzzSlots = new ArrayList<>(Collections.nCopies(FUZZED, true));
        fuzzSlots.addAll(Collections.nCopies(photos.size(), false));
        Collections.shuffle(fuzzSlots, new Random(SEED));
        FuzzedUploads fuzzer = new FuzzedUploads(SEED, T0, SPAN);
        Map<String, String> kindOfKey = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            int photo = 0;
            for (boolean fuzz : fuzzSlots) {
                if (fuzz) {
                    FuzzedUploads.Fuzzed f = fuzzer.next();
                    String key = "fuzz-" + kindOfKey.size();
                    kindOfKey.put(key, f.kind());
                    producer.send(new ProducerRecord<>("photo-uploads", utf8(key), f.value()));
                } else {
                    Photo p = photos.get(photo++);
                    producer.send(new ProducerRecord<>("photo-uploads", utf8(p.photoId),
                            utf8(ProductionRig.CODEC.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)))));
                }
            }
            producer.flush();
            ProductionRig.sendSentinels(producer, T0 + SPAN);
        }

        long sent = System.nanoTime();
        JobSettings settings = ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), "fuzz", "fuzz", "committed");
        JobClient job = ProductionRig.start(settings, 2, null);
        var client = STACK.miniCluster().getClientConfiguration();
        ProductionRig.awaitClusteredWithoutRestart(client, job, STACK.mongo().connectionString(), "fuzz", reference.eventOfPhoto());
        long clustered = System.nanoTime();

        List<ConsumerRecord<byte[], byte[]>> dlq = ProductionRig.readCommitted(STACK.kafka().broker(), "photo-uploads-dlq", FUZZED, Duration.ofSeconds(60));
        Map<String, Long> byKind = new TreeMap<>();
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Integer> seen = new HashMap<>();
        long truncated = 0;
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            seen.merge(key, 1, Integer::sum);
            byKind.merge(String.valueOf(kindOfKey.get(key)), 1L, Long::sum);
            byReason.merge(reasonClass(r), 1L, Long::sum);
            truncated += "true".equals(ProductionRig.header(r, DeadLetterSerializer.VALUE_TRUNCATED)) ? 1 : 0;
        }
        System.out.printf("fuzz (seed %d): %d hostile records sent, %d in the DLQ (%d cut to %d bytes), %d photos clustered,"
                        + " restarts %d; clustered %.1f s after the start, DLQ read in %.1f s%n  by kind: %s%n  by reason: %s%n",
                SEED, FUZZED, dlq.size(), truncated, BadRecord.MAX_KEPT_BYTES, photos.size(),
                ProductionRig.restarts(client, job.getJobID()), (clustered - sent) / 1e9, (System.nanoTime() - clustered) / 1e9,
                byKind, byReason);

        assertThat(seen).as("each hostile record in the DLQ exactly once, nothing else").isEqualTo(
                kindOfKey.keySet().stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> 1)));
        assertThat(dlq).allMatch(r -> ProductionRig.header(r, DeadLetterSerializer.REASON) != null && !ProductionRig.header(r, DeadLetterSerializer.REASON).isBlank());
        assertThat(byReason).as("no record reached a path the codec did not foresee").doesNotContainKey("unparseable");
        assertThat(ProductionRig.restarts(client, job.getJobID())).isZero();
        job.cancel().get();
    }

    /** The reason's class: the field it names, or the kind of whole-record fault. */
    private static String reasonClass(ConsumerRecord<byte[], byte[]> r) {
        String field = ProductionRig.header(r, DeadLetterSerializer.FIELD);
        if (field != null) {
            return field.replaceAll(" .*", "");
        }
        String reason = ProductionRig.header(r, DeadLetterSerializer.REASON);
        if (reason.contains("exceeds")) {
            return "too large";
        }
        return reason.startsWith("unparseable") ? "unparseable" : reason.replaceAll(":.*", "");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
