package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.wire.UploadEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.nio.file.Path;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of late uploads (docs/DELIVERY.md, "The cold path"): after a run in which the cold path
 * joined, bridged and renamed closed events beside on-time photos, the job is started again from
 * the earliest offsets with fresh state against the same MongoDB. The replay ends with the first
 * run's event documents (no more, no fewer), every photo's eventId as the first run left it, and on
 * the feed, per event, the same last record.
 */
class LateReplayITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final String DB = "late-replay";
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = 24 * HOUR;

    /** What a replay must reproduce of an event document: its id, counts, members' span, tombstone link. */
    private record Shape(long photoCount, String firstPhotoId, long startAt, long endAt, String mergedInto) {
        static Shape of(EventDoc d) {
            return new Shape(d.photoCount, d.firstPhotoId, d.startAt, d.endAt, d.mergedInto);
        }
    }

    /** What a feed record says of its event: its version and its shape. */
    private record Feed(long version, Shape shape) {
        static Feed of(EventDoc d) {
            return new Feed(d.version, Shape.of(d));
        }
    }

    private static Photo at(String id, long takenAt, double lat, double northM) {
        return new Photo(id, takenAt, lat + northM / 111_195.0, 2.30);
    }


    /** The last record per event id on a feed, in feed order, but the markers'. */
    private static Map<String, Feed> lastPerEvent(List<EventDoc> feed) {
        Map<String, Feed> out = new HashMap<>();
        feed.stream().filter(d -> !marker(d)).forEach(d -> out.put(d.eventId, Feed.of(d)));
        return out;
    }

    private static boolean marker(EventDoc d) {
        return d.firstPhotoId != null && d.firstPhotoId.startsWith("replay-mark-");
    }

    @TempDir
    Path savepoints;

    @Test
    void aReplayFromTheEarliestOffsetsEndsWithTheFirstRunsDocumentsAndFeed() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        LateRig rig = new LateRig(STACK.mongo().connectionString(), DB);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            JobClient first = ProductionRig.start(
                    ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), DB, "late-first", "committed"), 2, null);
            // The watermark follows the wall clock, so the old photos below are late.
            List<String> warm = LateRig.markEveryPartition(producer, "warm-", -40);
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.eventsOf(warm).size() == warm.size());

            long now = System.currentTimeMillis();
            long days = now - 3 * DAY;
            long hours = now - 3 * HOUR;
            List<Photo> history = List.of(
                    at("join-a1", days, 48.80, 0), at("join-a2", days + MIN, 48.80, 5),
                    at("bridge-b1", hours, 48.82, 0), at("bridge-b2", hours + 2 * MIN, 48.82, 5),
                    at("bridge-c1", hours + 8 * MIN, 48.82, 10), at("bridge-c2", hours + 9 * MIN, 48.82, 15),
                    at("rename-d1", days + 3 * MIN, 48.84, 0), at("rename-d2", days + 4 * MIN, 48.84, 5));
            List<Photo> late = List.of(at("join-late", days + 3 * MIN, 48.80, 8), at("bridge-late", hours + 5 * MIN, 48.82, 7),
                    at("rename-late", days, 48.84, 2));
            List<Photo> live = List.of(at("live-1", now, 48.86, 0), at("live-2", now + 1000, 48.86, 5));
            rig.closedHistory(history);
            for (Photo p : late) {
                rig.upload(producer, p);
            }
            for (Photo p : live) {
                rig.upload(producer, p);
            }
            producer.flush();
            List<Photo> all = new ArrayList<>(history);
            all.addAll(late);
            all.addAll(live);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> rig.asReference(all));
            // A photo's eventId can be written before its event's document (the live pair's, still
            // open): read the first run's documents only once each event counts its photos.
            List<String> ids = all.stream().map(p -> p.photoId).toList();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<String, Long> counts = rig.storedEventIds(ids).values().stream()
                        .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
                Map<String, EventDoc> stored = rig.events();
                return counts.entrySet().stream().allMatch(e -> stored.containsKey(e.getKey())
                        && stored.get(e.getKey()).photoCount == e.getValue());
            });

            Map<String, Shape> documents = shapes(rig);
            Set<String> written = rig.events().values().stream().map(LateRig::key).collect(Collectors.toSet());
            List<EventDoc> firstFeed = LateRig.feedUntil(STACK.kafka().broker(), written, Duration.ofSeconds(30));
            assertThat(firstFeed.stream().map(LateRig::key).collect(Collectors.toSet()))
                    .as("the first run's feed holds every document it wrote").containsAll(written);
            List<String> photos = all.stream().map(p -> p.photoId).toList();
            Map<String, String> members = rig.storedEventIds(photos);
            first.stopWithSavepoint(false, savepoints.resolve("first").toUri().toString(), SavepointFormatType.CANONICAL).get();
            Map<String, Feed> firstLast = lastPerEvent(LateRig.feedToEnd(STACK.kafka().broker()));

            JobClient replay = ProductionRig.start(
                    ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), DB, "late-replay", "earliest"), 2, null);
            try {
                List<String> marks = LateRig.markEveryPartition(producer, "replay-mark-", -50);
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.eventsOf(marks).size() == marks.size());
                // The replay's cold path may still be retrying deferred photos: give it its backoff.
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(shapes(rig)).as("the first run's event documents, and no other").isEqualTo(documents);
                    assertThat(rig.storedEventIds(photos)).as("photos' eventId").isEqualTo(members);
                });
            } finally {
                // A stop with a savepoint commits what the job sent to the feed (a cancel would abort it).
                replay.stopWithSavepoint(false, savepoints.resolve("replay").toUri().toString(), SavepointFormatType.CANONICAL).get();
                rig.close();
            }
            List<EventDoc> feed = LateRig.feedToEnd(STACK.kafka().broker());
            assertThat(lastPerEvent(feed)).as("per event, the feed's last record").isEqualTo(firstLast);
        }
    }

    /** Every event document but the markers', by id. */
    private static Map<String, Shape> shapes(LateRig rig) {
        Map<String, Shape> out = new HashMap<>();
        rig.events().forEach((id, d) -> {
            if (!marker(d)) {
                out.put(id, Shape.of(d));
            }
        });
        return out;
    }
}
