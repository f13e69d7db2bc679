package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.geo.Haversine;
import com.snapmap.testdata.CityStreamGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deletion rule as a property (docs/SEMANTICS.md, "Deleting a photo"), on the production job
 * with its Kafka source and MongoDB: a random stream of photos dense enough that many events hang on
 * one link, with random photos erased, some while the stream is read (their events mostly still
 * open: the hot path's until they close) and some once every event has closed (the cold path's).
 * Whatever the seed and the parallelism, the job ends with the reference clusterer's partition of
 * the surviving photos, its ids (first-photo rule) and its counts, and no document of an erased photo.
 */
class RandomErasuresITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final long MIN = 60_000L;
    private static final long T0 = Instant.parse("2026-05-02T20:00:00Z").toEpochMilli();

    /**
     * {@code n} photos uniform in a 400 m square over an hour: about 2.5 links each, so components
     * of every size, many held together by one photo.
     */
    private static List<Photo> stream(long seed, int n) {
        Random rnd = new Random(seed);
        List<Photo> sorted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] north = Haversine.destination(45.70, 4.80, rnd.nextDouble() * 400, 0);
            double[] at = Haversine.destination(north[0], north[1], rnd.nextDouble() * 400, 90);
            sorted.add(new Photo("r" + seed + "-" + i, T0 + (long) (rnd.nextDouble() * 60 * MIN) / 1000 * 1000, at[0], at[1]));
        }
        sorted.sort((a, b) -> Photo.compareByTimeThenId(a.takenAt, a.photoId, b.takenAt, b.photoId));
        // Out of order within 3 minutes: past the out-of-orderness, inside the lateness.
        return CityStreamGenerator.shuffleWithin(sorted, 3 * MIN, seed);
    }

    @ParameterizedTest(name = "seed {0}, parallelism {1}")
    @CsvSource({"1, 1", "1, 4", "2, 4"})
    void theSurvivorsFormTheReferencesEventsWithItsIds(long seed, int parallelism) throws Exception {
        String run = "erase-random-" + seed + "-p" + parallelism;
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, run);
        STACK.kafka().broker().createTopics(1, com.snapmap.contract.Topics.UPLOADS_DLQ, com.snapmap.contract.Topics.EVENT_UPDATES);
        LateRig rig = new LateRig(STACK.mongo().connectionString(), run);
        List<Photo> photos = stream(seed, 300);
        Random rnd = new Random(seed * 31 + parallelism);
        Set<String> erased = new HashSet<>();
        List<Photo> closedErasures = new ArrayList<>();
        JobClient job = ProductionRig.start(ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(),
                run, run, "earliest", Map.of("kafka.topic.uploads", run)), parallelism, null);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            // 10 % erased while the stream is read, each a few uploads after its own.
            Map<Integer, List<Photo>> eraseAfter = new HashMap<>();
            for (int i = 0; i < photos.size(); i++) {
                double draw = rnd.nextDouble();
                if (draw < 0.10) {
                    eraseAfter.computeIfAbsent(i + rnd.nextInt(20), k -> new ArrayList<>()).add(photos.get(i));
                    erased.add(photos.get(i).photoId);
                } else if (draw < 0.20) {
                    closedErasures.add(photos.get(i));
                    erased.add(photos.get(i).photoId);
                }
            }
            for (int i = 0; i < photos.size(); i++) {
                rig.insertPhotoForTest(photos.get(i)); // the gateway's document, then its upload event
                ProductionRig.send(producer, run, List.of(photos.get(i)));
                for (Photo p : eraseAfter.getOrDefault(i, List.of())) {
                    rig.erase(producer, run, p);
                }
            }
            for (int i = photos.size(); i < photos.size() + 20; i++) {
                for (Photo p : eraseAfter.getOrDefault(i, List.of())) {
                    rig.erase(producer, run, p);
                }
            }
            ProductionRig.sendSentinels(producer, run, T0 + 60 * MIN); // every event closes
            List<String> ids = photos.stream().map(p -> p.photoId).filter(id -> !erased.contains(id)).toList();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    rig.eventsOf(ids).size() == ids.size() && rig.events().values().stream()
                            .noneMatch(d -> !d.isTombstone() && !sentinel(d) && !d.isClosed()));

            for (Photo p : closedErasures) {
                rig.erase(producer, run, p);
            }
            List<Photo> survivors = photos.stream().filter(p -> !erased.contains(p.photoId)).toList();
            Clustering reference = LateRig.REFERENCE.cluster(survivors);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(rig.eventsOf(ids)).as("each survivor's event, through tombstones").isEqualTo(reference.eventOfPhoto());
                Map<String, Long> counts = new HashMap<>();
                rig.events().values().stream().filter(d -> !d.isTombstone() && !sentinel(d))
                        .forEach(d -> counts.put(d.eventId, d.photoCount));
                Map<String, Long> expected = new HashMap<>();
                reference.events().forEach((id, s) -> expected.put(id, s.count));
                assertThat(counts).as("the live events and their photo counts").isEqualTo(expected);
                assertThat(erased.stream().filter(rig::hasPhoto).toList()).as("erased photos with a document").isEmpty();
            });
        } finally {
            job.cancel().get();
            rig.close();
        }
    }

    private static boolean sentinel(EventDoc d) {
        return d.firstPhotoId != null && d.firstPhotoId.startsWith("sentinel-");
    }
}
