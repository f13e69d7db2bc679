package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.testdata.CityStreamGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deletions in a steady crowd (docs/DELIVERY.md, "The job's part"): a city's photos uploaded at a
 * steady rate while a tenth of them are deleted, half a few uploads after their own (the erasure
 * right behind its upload in the partition, so inside the job it could overtake it), half once their
 * event has closed. Once every event has closed, the job holds the reference clusterer's events of
 * the survivors, and nothing of an erased photo: no document, no event counting it or named after it;
 * the feed tells the same.
 */
class SteadyCrowdErasureITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final long MIN = 60_000L;
    private static final long T0 = Instant.parse("2026-05-03T08:00:00Z").toEpochMilli();
    private static final long SPAN = 480 * MIN;
    private static final int PHOTOS = 3_000;
    private static final int PER_SECOND = 150;
    /**
     * The job starts this many uploads into the crowd, as after a restart: it reads that backlog at
     * its own speed first (event time then runs ahead of the hot path's writes), then keeps up.
     */
    private static final int BACKLOG = 750;
    /** Past an event's end by more than W + the allowed lateness (and a sweep): it has closed. */
    private static final long CLOSED_AFTER = 25 * MIN;

    @Test
    void aTenthOfASteadyCrowdDeletedWhileItUploadsLeavesNothingOfTheErasedPhotos() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        LateRig rig = new LateRig(STACK.mongo().connectionString(), "steady-erasures");
        List<Photo> photos = new CityStreamGenerator(45.76, 4.83, 1_500, T0, SPAN).generate(28, PHOTOS, 0.7, "c-");
        Map<String, EventSummary> eventOfPhoto = eventsOfEachPhoto(photos);
        Random rnd = new Random(28);
        Set<String> erased = new HashSet<>();
        JobClient job = null;
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            Map<Integer, List<Photo>> eraseAfter = new HashMap<>();
            rig.insertPhotosForTest(photos); // the gateway's documents come before their upload events
            long start = System.nanoTime();
            for (int i = 0; i < photos.size(); i++) {
                if (i == BACKLOG) {
                    job = ProductionRig.start(ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(),
                            "steady-erasures", "steady-erasures", "earliest"), 2, null);
                }
                Photo p = photos.get(i);
                upload(producer, p);
                if (rnd.nextDouble() < 0.05) {
                    eraseAfter.computeIfAbsent(i + rnd.nextInt(2), k -> new ArrayList<>()).add(p);
                }
                for (Photo e : eraseAfter.getOrDefault(i, List.of())) {
                    erase(rig, producer, e, erased);
                }
                if (rnd.nextDouble() < 0.05) {
                    // One of the photos whose event has closed by now, at random.
                    List<Photo> closed = photos.subList(0, i).stream().filter(q -> !erased.contains(q.photoId)
                            && eventOfPhoto.get(q.photoId).endAt + CLOSED_AFTER < p.takenAt).toList();
                    if (!closed.isEmpty()) {
                        erase(rig, producer, closed.get(rnd.nextInt(closed.size())), erased);
                    }
                }
                LockSupport.parkNanos(start + (i + 1) * 1_000_000_000L / PER_SECOND - System.nanoTime()); // the steady rate
            }
            eraseAfter.keySet().stream().filter(k -> k >= photos.size()).sorted().forEach(k ->
                    eraseAfter.get(k).forEach(e -> erase(rig, producer, e, erased)));
            producer.flush();
            assertThat(erased).as("about a tenth of the crowd").hasSizeBetween(PHOTOS / 12, PHOTOS / 8);
            ProductionRig.sendSentinels(producer, T0 + SPAN); // every event closes

            List<Photo> survivors = photos.stream().filter(p -> !erased.contains(p.photoId)).toList();
            Clustering reference = LateRig.REFERENCE.cluster(survivors);
            Map<String, Long> expectedCounts = new HashMap<>();
            reference.events().forEach((id, s) -> expectedCounts.put(id, s.count));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(rig.eventsOf(reference.eventOfPhoto().keySet())).as("each survivor's event, through tombstones")
                        .isEqualTo(reference.eventOfPhoto());
                Map<String, EventDoc> events = rig.events();
                Map<String, Long> counts = new HashMap<>();
                events.values().stream().filter(d -> !d.isTombstone() && !sentinel(d)).forEach(d -> counts.put(d.eventId, d.photoCount));
                // An event that still counted an erased photo would be one too many, or count one too many.
                assertThat(counts).as("the live events and their photo counts").isEqualTo(expectedCounts);
                assertThat(events.values()).as("closed").allMatch(d -> d.isTombstone() || d.isClosed() || sentinel(d));
                assertThat(erased.stream().filter(rig::hasPhoto).toList()).as("erased photos with a document").isEmpty();
                assertThat(events.values().stream().filter(EventDoc::isTombstone).map(d -> d.eventId).filter(id -> {
                    EventDoc to = events.get(rig.resolve(id));
                    return to == null || to.isTombstone() || !(expectedCounts.containsKey(to.eventId) || sentinel(to));
                }).toList()).as("tombstones that resolve to no live part").isEmpty();
                Map<String, Feed> stored = new HashMap<>();
                events.forEach((id, d) -> stored.put(id, Feed.of(d)));
                Map<String, Feed> fed = new HashMap<>();
                LateRig.newestOnFeed(STACK.kafka().broker()).forEach((id, d) -> fed.put(id, Feed.of(d)));
                assertThat(fed).as("the feed's newest record of each id").isEqualTo(stored);
            });
        } finally {
            if (job != null) {
                ProductionRig.stop(job);
            }
            rig.close();
        }
    }

    /** What the feed's newest record of an id must say of it, as MongoDB does. */
    private record Feed(long version, long photoCount, String mergedInto, boolean closed) {
        static Feed of(EventDoc d) {
            return new Feed(d.version, d.photoCount, d.mergedInto, d.isClosed());
        }
    }

    /** Each photo's event among every photo uploaded (no deletion): when it ends tells when it has closed. */
    private static Map<String, EventSummary> eventsOfEachPhoto(List<Photo> photos) {
        Clustering all = LateRig.REFERENCE.cluster(photos);
        Map<String, EventSummary> out = new HashMap<>();
        all.eventOfPhoto().forEach((photo, event) -> out.put(photo, all.events().get(event)));
        return out;
    }

    /** The photo's upload event keyed by its id, as the gateway sends it; not waited for (an erasure behind it is). */
    private static void upload(KafkaProducer<byte[], byte[]> producer, Photo p) {
        producer.send(new ProducerRecord<>(Topics.UPLOADS, p.photoId.getBytes(StandardCharsets.UTF_8),
                ProductionRig.CODEC.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)).getBytes(StandardCharsets.UTF_8)));
    }

    private static void erase(LateRig rig, KafkaProducer<byte[], byte[]> producer, Photo p, Set<String> erased) {
        if (!erased.add(p.photoId)) {
            return;
        }
        try {
            rig.erase(producer, p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean sentinel(EventDoc d) {
        return d.firstPhotoId != null && d.firstPhotoId.startsWith("sentinel-");
    }
}
