package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.core.geo.Haversine;
import com.snapmap.job.ClusteringConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Freshness (issue "Events within a second of upload"): a burst of photos taken just now, in three
 * groups, then silence. Every photo has its final eventId in MongoDB within 5 s of the last
 * publish, with no later upload and no watermark movement to wait for, and the partition and ids
 * equal the reference clusterer's. And a photo whose camera clock runs a day fast does not make
 * the live photos after it late.
 */
class FreshnessITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    /** Photos taken in the last few minutes around three places, delivered in shuffled order. */
    private static List<Photo> burst(long now) {
        Random rnd = new Random(42);
        double[][] places = {{45.7640, 4.8357}, {45.7597, 4.8422}, {45.7700, 4.8290}};
        List<Photo> out = new ArrayList<>();
        for (int g = 0; g < places.length; g++) {
            for (int i = 0; i < 40; i++) {
                double[] at = Haversine.destination(places[g][0], places[g][1], rnd.nextDouble() * 40, rnd.nextDouble() * 360);
                out.add(new Photo("fresh-" + g + "-" + i, now - rnd.nextInt(240_000), at[0], at[1]));
            }
        }
        java.util.Collections.shuffle(out, rnd);
        return out;
    }

    @Test
    void everyPhotoHasItsFinalEventIdWithinFiveSecondsOfTheLastPublishThenSilence() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, "photo-uploads");
        STACK.kafka().broker().createTopics(1, "photo-uploads-dlq", "event-updates");
        JobSettings settings = ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), "fresh", "fresh", "earliest");
        JobClient job = ProductionRig.start(settings, 2, null);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            // The job is up once a first photo comes back clustered.
            Photo warmUp = new Photo("warm-up", System.currentTimeMillis(), 48.8566, 2.3522);
            ProductionRig.send(producer, List.of(warmUp));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "fresh").containsKey("warm-up"));

            List<Photo> photos = burst(System.currentTimeMillis());
            ProductionRig.send(producer, photos);
            long lastPublish = System.currentTimeMillis();

            List<Photo> all = new ArrayList<>(photos);
            all.add(warmUp);
            Map<String, String> expected = new ReferenceClusterer(ClusteringConfig.defaults().linkRule())
                    .cluster(all).eventOfPhoto();
            assertThat(new java.util.HashSet<>(expected.values())).hasSizeGreaterThanOrEqualTo(4);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "fresh").equals(expected));
            System.err.printf("freshness: all %d photos final %d ms after the last publish%n",
                    all.size(), System.currentTimeMillis() - lastPublish);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aLivePhotoAfterOneClaimingToBeTwentyThreeHoursAheadStillGetsItsEvent() throws Exception {
        // One partition, so nothing but the photo from "tomorrow" sets the watermark.
        STACK.kafka().broker().createTopics(1, "ahead-uploads");
        STACK.kafka().broker().createTopics(1, "ahead-dlq", "ahead-updates");
        Map<String, String> m = new java.util.HashMap<>(ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(),
                "ahead", "ahead", "earliest").configuration().toMap());
        m.put("kafka.topic.uploads", "ahead-uploads");
        m.put("kafka.topic.dlq", "ahead-dlq");
        m.put("kafka.topic.event-updates", "ahead-updates");
        JobClient job = ProductionRig.start(JobSettings.of(m), 1, null);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            long now = System.currentTimeMillis();
            Photo ahead = new Photo("ahead", now + Duration.ofHours(23).toMillis(), 48.8566, 2.3522);
            Photo live = new Photo("live", now, 45.7640, 4.8357);
            for (Photo p : List.of(ahead, live)) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("ahead-uploads",
                        p.photoId.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        ProductionRig.CODEC.toJson(new com.snapmap.core.wire.UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
            }
            // Read in order: once the photo from tomorrow has its event, the live one is due within the freshness bound.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "ahead").containsKey("ahead"));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "ahead").containsKey("live"));
        } finally {
            job.cancel().get();
        }
    }
}
