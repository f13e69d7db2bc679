package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.wire.UploadEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Erasing photos of closed events (docs/SEMANTICS.md, "Deleting a photo"), on the real Kafka and
 * MongoDB: the job's cold path re-forms each event from the photos that remain, with the
 * reference clusterer's parts and ids, and the old ids resolve to a part.
 */
class ClosedEventErasureITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final long MIN = 60_000L;
    private static final long DAY = 24 * 60 * MIN;

    private static Photo at(String id, long takenAt, double lat, double northM) {
        return new Photo(id, takenAt, lat + northM / 111_195.0, 2.30);
    }

    /** a1 - a2 - bridge - c1 - c2, 40 m apart in a line: without the bridge, two events. */
    private static List<Photo> bridged(long t) {
        return List.of(at("a1", t, 48.80, 0), at("a2", t + MIN, 48.80, 40), at("bridge", t + 2 * MIN, 48.80, 80),
                at("c1", t + 3 * MIN, 48.80, 120), at("c2", t + 4 * MIN, 48.80, 160));
    }

    /** f1 is the first photo of f1, f2, f3. */
    private static List<Photo> firstErased(long t) {
        return List.of(at("f1", t, 48.82, 0), at("f2", t + MIN, 48.82, 10), at("f3", t + 2 * MIN, 48.82, 20));
    }

    /** The job, once its watermark follows the wall clock (so photos taken days ago are late). */
    private static JobClient start(LateRig rig, String db, String group, String offsets) throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        JobClient job = ProductionRig.start(ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), db,
                group, offsets), 2, null);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            List<String> warm = LateRig.markEveryPartition(producer, group + "-warm-", -40);
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.eventsOf(warm).size() == warm.size());
        }
        return job;
    }

    private static List<Photo> without(List<Photo> photos, Set<String> erased) {
        return photos.stream().filter(p -> !erased.contains(p.photoId)).toList();
    }

    @Test
    void aBridgeErasedFromAClosedEventSplitsItIntoTheReferencesParts() throws Exception {
        LateRig rig = new LateRig(STACK.mongo().connectionString(), "erase-bridge");
        JobClient job = start(rig, "erase-bridge", "erase-bridge", "committed");
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            List<Photo> history = bridged(System.currentTimeMillis() - 3 * DAY);
            rig.closedHistory(history);
            String old = EventIds.forFirstPhoto("a1");

            rig.erase(producer, history.get(2));

            List<Photo> remaining = without(history, Set.of("bridge"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> rig.asReference(remaining));
            String a = EventIds.forFirstPhoto("a1");
            String c = EventIds.forFirstPhoto("c1");
            assertThat(a).isEqualTo(old);
            assertThat(rig.event(a).photoCount).isEqualTo(2);
            assertThat(rig.event(a).endAt).isEqualTo(history.get(1).takenAt);
            assertThat(rig.event(c).photoCount).isEqualTo(2);
            assertThat(rig.event(c).startAt).isEqualTo(history.get(3).takenAt);
            List<EventDoc> feed = LateRig.feedUntil(STACK.kafka().broker(), Set.of(LateRig.key(rig.event(a)),
                    LateRig.key(rig.event(c))), Duration.ofSeconds(30));
            assertThat(feed).extracting(LateRig::key).contains(LateRig.key(rig.event(a)), LateRig.key(rig.event(c)));
        } finally {
            ProductionRig.stop(job);
            rig.close();
        }
    }

    @Test
    void theFirstPhotoErasedRenamesTheEventAndTheOldIdResolvesToIt() throws Exception {
        LateRig rig = new LateRig(STACK.mongo().connectionString(), "erase-first");
        JobClient job = start(rig, "erase-first", "erase-first", "committed");
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            List<Photo> history = firstErased(System.currentTimeMillis() - 3 * DAY);
            rig.closedHistory(history);
            String old = EventIds.forFirstPhoto("f1");

            rig.erase(producer, history.get(0));

            String renamed = EventIds.forFirstPhoto("f2");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> rig.asReference(without(history, Set.of("f1"))));
            EventDoc tombstone = rig.event(old);
            assertThat(tombstone.mergedInto).isEqualTo(renamed);
            assertThat(tombstone.splitInto).containsExactly(renamed);
            assertThat(tombstone.version).isGreaterThan(3 + 1);
            assertThat(rig.resolve(old)).isEqualTo(renamed);
            assertThat(rig.event(renamed).photoCount).isEqualTo(2);
        } finally {
            ProductionRig.stop(job);
            rig.close();
        }
    }

    @Test
    void anEventWhoseOnlyPhotoIsErasedIsGone() throws Exception {
        LateRig rig = new LateRig(STACK.mongo().connectionString(), "erase-alone");
        JobClient job = start(rig, "erase-alone", "erase-alone", "committed");
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            Photo alone = at("alone", System.currentTimeMillis() - 3 * DAY, 48.84, 0);
            rig.closedHistory(List.of(alone));

            rig.erase(producer, alone);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> rig.event(EventIds.forFirstPhoto("alone")) == null);
        } finally {
            ProductionRig.stop(job);
            rig.close();
        }
    }

    /** An upload event sent to {@code partition}. */
    private static void send(KafkaProducer<byte[], byte[]> producer, int partition, Photo p) throws Exception {
        producer.send(new ProducerRecord<>(Topics.UPLOADS, partition, p.photoId.getBytes(StandardCharsets.UTF_8),
                ProductionRig.CODEC.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null))
                        .getBytes(StandardCharsets.UTF_8))).get();
    }

    @Test
    void aReDriveOfAnErasedPhotosUploadIsIgnored() throws Exception {
        LateRig rig = new LateRig(STACK.mongo().connectionString(), "erase-redrive");
        JobClient job = start(rig, "erase-redrive", "erase-redrive", "committed");
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            List<Photo> history = bridged(System.currentTimeMillis() - 3 * DAY);
            rig.closedHistory(history);
            rig.erase(producer, history.get(2));
            List<Photo> remaining = without(history, Set.of("bridge"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> rig.asReference(remaining));

            Photo bridge = history.get(2);
            int partition = Utils.toPositive(Utils.murmur2(bridge.photoId.getBytes(StandardCharsets.UTF_8))) % ProductionRig.PARTITIONS;
            send(producer, partition, bridge); // a re-drive: key photoId, so the partition of its tombstone
            Photo after = at("after", bridge.takenAt, 10.0, 0);
            rig.insertPhotoForTest(after);
            send(producer, partition, after);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> rig.eventOf("after") != null);

            List<Photo> expected = new ArrayList<>(remaining);
            expected.add(after);
            assertThat(rig.asReference(expected)).as("the parts are still the reference's without the bridge").isTrue();
            assertThat(rig.hasPhoto("bridge")).isFalse();
        } finally {
            ProductionRig.stop(job);
            rig.close();
        }
    }

    @Test
    void aReplayFromTheEarliestOffsetsAfterErasuresLeavesTheSameDocuments() throws Exception {
        LateRig rig = new LateRig(STACK.mongo().connectionString(), "erase-replay");
        List<Photo> history = new ArrayList<>(bridged(System.currentTimeMillis() - 3 * DAY));
        history.addAll(firstErased(System.currentTimeMillis() - 2 * DAY));
        List<Photo> remaining = without(history, Set.of("bridge", "f1"));
        Map<String, EventDoc> before;
        Map<String, String> members;
        JobClient first = start(rig, "erase-replay", "erase-replay-first", "committed");
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            rig.closedHistory(history);
            rig.erase(producer, history.get(2));
            rig.erase(producer, history.get(5));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> rig.asReference(remaining));
            before = rig.events();
            before.values().removeIf(d -> d.firstPhotoId != null && d.firstPhotoId.contains("-warm-")); // live, not erased
            members = rig.storedEventIds(remaining.stream().map(p -> p.photoId).toList());
        } finally {
            ProductionRig.stop(first);
        }
        JobClient replay = start(rig, "erase-replay", "erase-replay-again", "earliest");
        try {
            // The replay's warm-up photos have their events: it has read past both tombstones.
            assertThat(rig.events()).containsAllEntriesOf(before);
            assertThat(rig.storedEventIds(remaining.stream().map(p -> p.photoId).toList())).isEqualTo(members);
            assertThat(rig.hasPhoto("bridge")).isFalse();
        } finally {
            ProductionRig.stop(replay);
            rig.close();
        }
    }
}
