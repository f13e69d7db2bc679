package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An erased photo's upload read again before its tombstone (docs/SEMANTICS.md, "Deleting a photo"),
 * on the production job: the hot path clusters the photo once more, and the job must still end with
 * no document of it and no event that counts it. A replay from the earliest offsets after deletions,
 * with fresh state against the same MongoDB, leaves the first run's event documents; a sweeper's
 * re-drive published before the delete and read after it changes nothing.
 */
class NothingComesBackITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final String DB = "erasure-replay";
    private static final long MIN = 60_000L;
    private static final long T0 = Instant.parse("2026-03-14T18:00:00Z").toEpochMilli();

    private static Photo at(String id, long minutes, double lat, double northM) {
        return new Photo(id, T0 + minutes * MIN, lat + northM / 111_195.0, 2.30);
    }

    /** {@code tag}-a1, -a2, -bridge, -c1, -c2: 40 m and a minute apart in a line; without the bridge, two events. */
    private static List<Photo> line(String tag, double lat) {
        return List.of(at(tag + "-a1", 0, lat, 0), at(tag + "-a2", 1, lat, 40), at(tag + "-bridge", 2, lat, 80),
                at(tag + "-c1", 3, lat, 120), at(tag + "-c2", 4, lat, 160));
    }

    /** {@code tag}-1 is the first photo of three. */
    private static List<Photo> trio(String tag, double lat) {
        return List.of(at(tag + "-1", 0, lat, 0), at(tag + "-2", 1, lat, 10), at(tag + "-3", 2, lat, 20));
    }

    /** What a replay must reproduce of an event document. */
    private record Shape(long photoCount, String firstPhotoId, long startAt, long endAt, String status, String mergedInto,
            List<String> splitInto) {
        static Shape of(EventDoc d) {
            return new Shape(d.photoCount, d.firstPhotoId, d.startAt, d.endAt, d.status, d.mergedInto,
                    d.splitInto == null ? null : Arrays.asList(d.splitInto));
        }
    }

    /** The sentinels that close the first run's events and the replay's markers are there only to move time and read position. */
    private static boolean helper(EventDoc d) {
        return d.firstPhotoId != null && (d.firstPhotoId.startsWith("sentinel-") || d.firstPhotoId.startsWith("replay-mark-"));
    }

    private static Map<String, Shape> shapes(LateRig rig) {
        Map<String, Shape> out = new HashMap<>();
        rig.events().forEach((id, d) -> {
            if (!helper(d)) {
                out.put(id, Shape.of(d));
            }
        });
        return out;
    }

    /** Every live event (but the helpers') counts exactly the photos whose document names it, and none is named after an erased photo. */
    private static void countsOnlyItsPhotos(LateRig rig, List<String> remaining, Set<String> erased) {
        Map<String, Long> members = rig.storedEventIds(remaining).values().stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        rig.events().values().stream().filter(d -> !d.isTombstone() && !helper(d)).forEach(d -> {
            assertThat(d.photoCount).as("photoCount of %s", d.eventId).isEqualTo(members.getOrDefault(d.eventId, 0L));
            assertThat(erased).as("first photo of %s", d.eventId).doesNotContain(d.firstPhotoId);
        });
    }

    private static void noErasedPhotoDocument(LateRig rig, Set<String> erased) {
        assertThat(erased.stream().filter(rig::hasPhoto).toList()).as("erased photos with a document").isEmpty();
    }

    /**
     * Two photos whose upload events were lost (a document, no record): one between two announced
     * photos, one alone. The sweeper re-drives both; they are deleted before the job reads the
     * re-drives, which it reads before their tombstones.
     */
    @Test
    void aReDriveReadAfterItsPhotosDeletionIsIgnored() throws Exception {
        String topic = "redrive-uploads";
        String db = "erase-redrive";
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, topic);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        LateRig rig = new LateRig(STACK.mongo().connectionString(), db);
        List<Photo> line = line("redrive", 48.70);
        Photo between = line.get(2);
        Photo alone = at("redrive-alone", 0, 48.72, 0);
        List<Photo> announced = List.of(line.get(1), line.get(3));
        List<Photo> survivors = List.of(line.get(1), line.get(3));
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            for (Photo p : List.of(line.get(1), between, line.get(3), alone)) {
                rig.insertPhotoForTest(p);
            }
            ProductionRig.send(producer, topic, announced);
            ProductionRig.send(producer, topic, List.of(between, alone)); // the sweeper's re-drives: key photoId
            rig.erase(producer, topic, between);
            rig.erase(producer, topic, alone);
            JobClient job = ProductionRig.start(ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(),
                    db, db, "earliest", Map.of("kafka.topic.uploads", topic)), 2, null);
            try {
                List<String> ids = survivors.stream().map(p -> p.photoId).toList();
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.eventsOf(ids).size() == ids.size());
                ProductionRig.sendSentinels(producer, topic, T0); // every event closes
                Set<String> erased = Set.of(between.photoId, alone.photoId);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            assertThat(rig.asReference(survivors)).as("the reference's events without the re-driven photos").isTrue();
                            assertThat(rig.event(EventIds.forFirstPhoto(alone.photoId))).as("the lone photo's event").isNull();
                            noErasedPhotoDocument(rig, erased);
                            countsOnlyItsPhotos(rig, ids, erased);
                        });
            } finally {
                job.cancel().get();
                rig.close();
            }
        }
    }

    @Test
    void aReplayAfterDeletionsLeavesTheSameDocumentsAndNoErasedPhoto() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        LateRig rig = new LateRig(STACK.mongo().connectionString(), DB);
        List<Photo> hot = new ArrayList<>(line("hot", 48.80));
        hot.addAll(trio("hot-first", 48.82));
        hot.add(at("hot-alone", 0, 48.84, 0));
        List<Photo> closed = new ArrayList<>(line("closed", 48.86));
        closed.addAll(trio("closed-first", 48.88));
        closed.add(at("closed-alone", 0, 48.90, 0));
        List<Photo> kept = List.of(at("kept-1", 0, 48.92, 0), at("kept-2", 1, 48.92, 10));
        List<Photo> all = new ArrayList<>(hot);
        all.addAll(closed);
        all.addAll(kept);
        Set<String> erasedHot = Set.of("hot-bridge", "hot-first-1", "hot-alone");
        Set<String> erasedClosed = Set.of("closed-bridge", "closed-first-1", "closed-alone");
        Set<String> erased = new java.util.HashSet<>(erasedHot);
        erased.addAll(erasedClosed);
        List<Photo> remaining = all.stream().filter(p -> !erased.contains(p.photoId)).toList();
        List<String> remainingIds = remaining.stream().map(p -> p.photoId).toList();

        Map<String, Shape> documents;
        Map<String, String> members;
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            JobClient first = ProductionRig.start(
                    ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), DB, "erase-first", "earliest"), 2, null);
            try {
                all.forEach(rig::insertPhotoForTest); // the gateway's documents
                ProductionRig.send(producer, all); // on time: no uploadedAt, the watermark judges
                List<String> ids = all.stream().map(p -> p.photoId).toList();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> rig.eventsOf(ids).size() == ids.size());

                for (Photo p : hot) {
                    if (erasedHot.contains(p.photoId)) {
                        rig.erase(producer, p);
                    }
                }
                // the photos' eventIds and the event documents go through two sinks: wait for the document too
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(rig.event(EventIds.forFirstPhoto("hot-a1"))).as("erased while open")
                                .isNotNull().extracting(EventDoc::isClosed).isEqualTo(false));
                ProductionRig.sendSentinels(producer, T0); // the watermark passes: every event closes
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> rig.asReference(hot.stream().filter(p -> !erased.contains(p.photoId)).toList())
                                && rig.event(EventIds.forFirstPhoto("hot-alone")) == null);

                for (Photo p : closed) {
                    if (erasedClosed.contains(p.photoId)) {
                        rig.erase(producer, p);
                    }
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(rig.asReference(remaining)).as("the reference's events on the remaining photos").isTrue();
                    assertThat(rig.event(EventIds.forFirstPhoto("closed-alone"))).as("the erased lone photo's event").isNull();
                    countsOnlyItsPhotos(rig, remainingIds, erased);
                    noErasedPhotoDocument(rig, erased);
                });
                documents = shapes(rig);
                members = rig.storedEventIds(remainingIds);
            } finally {
                first.cancel().get();
            }

            JobClient replay = ProductionRig.start(
                    ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), DB, "erase-replay", "earliest"), 2, null);
            try {
                // Once the markers have their events, the replay has read every record before them.
                List<String> marks = LateRig.markEveryPartition(producer, "replay-mark-", -50);
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.eventsOf(marks).size() == marks.size());
                // Held for 3 s: a stub or an event the replay writes late must not come back afterwards.
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            Map<String, Shape> now = shapes(rig);
                            assertThat(now).as("the first run's event documents").containsAllEntriesOf(documents);
                            // More only as tombstones of provisional ids, which follow the arrival order
                            // (not erasures): each resolves to one of the first run's live events.
                            now.keySet().removeAll(documents.keySet());
                            now.forEach((id, shape) -> {
                                assertThat(shape.mergedInto()).as("a document the first run did not leave: %s", id).isNotNull();
                                assertThat(documents.get(rig.resolve(id))).as("where %s leads", id)
                                        .matches(d -> d != null && d.mergedInto() == null);
                            });
                            assertThat(rig.storedEventIds(remainingIds)).as("photos' eventId").isEqualTo(members);
                            noErasedPhotoDocument(rig, erased);
                            countsOnlyItsPhotos(rig, remainingIds, erased);
                        });
            } finally {
                replay.cancel().get();
                rig.close();
            }
        }
    }
}
