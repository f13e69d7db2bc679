package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What a replay of late uploads must reproduce (the replay ITCases beside it): the event documents'
 * shapes and, per event, the feed's last record. The replay's markers ({@value #MARK}…) are left out.
 */
final class ReplayFeed {

    /** The prefix of the photos a replay sends to see it has read everything before them. */
    static final String MARK = "replay-mark-";

    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;
    static final long DAY = 24 * HOUR;

    private ReplayFeed() {}

    /** The topics of a replay test (its uploads in {@link ProductionRig#PARTITIONS} partitions) and a rig on {@code db}. */
    static LateRig rig(ProductionStack stack, String db) {
        stack.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        stack.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        return new LateRig(stack.mongo().connectionString(), db);
    }

    /** The production job on a first run: committed offsets of a group named after the database. */
    static JobClient startFirst(ProductionStack stack, String db) throws Exception {
        return ProductionRig.start(
                ProductionRig.settings(stack.kafka().broker(), stack.mongo().connectionString(), db, db, "committed"), 2, null);
    }

    /** What a replay must reproduce of an event document: its id, counts, members' span, tombstone link. */
    record Shape(long photoCount, String firstPhotoId, long startAt, long endAt, String mergedInto) {
        static Shape of(EventDoc d) {
            return new Shape(d.photoCount, d.firstPhotoId, d.startAt, d.endAt, d.mergedInto);
        }
    }

    /** What a feed record says of its event: its version and its shape. */
    record Feed(long version, Shape shape) {
        static Feed of(EventDoc d) {
            return new Feed(d.version, Shape.of(d));
        }
    }

    /** A photo at longitude 2.30, {@code northM} metres north of {@code lat}. */
    static Photo at(String id, long takenAt, double lat, double northM) {
        return new Photo(id, takenAt, lat + northM / 111_195.0, 2.30);
    }

    /** The last record per event id on a feed, in feed order, but the markers'. */
    static Map<String, Feed> lastPerEvent(List<EventDoc> feed) {
        Map<String, Feed> out = new HashMap<>();
        feed.stream().filter(d -> !marker(d)).forEach(d -> out.put(d.eventId, Feed.of(d)));
        return out;
    }

    static boolean marker(EventDoc d) {
        return d.firstPhotoId != null && d.firstPhotoId.startsWith(MARK);
    }

    /** Every event document but the markers', by id. */
    static Map<String, Shape> shapes(LateRig rig) {
        Map<String, Shape> out = new HashMap<>();
        rig.events().forEach((id, d) -> {
            if (!marker(d)) {
                out.put(id, Shape.of(d));
            }
        });
        return out;
    }

    /**
     * Waits until every event the photos are stored with counts them: a photo's eventId can be
     * written before its event's document (an open event's), so a run's documents are read after.
     */
    static void awaitEventsCountTheirPhotos(LateRig rig, Collection<Photo> photos) {
        List<String> ids = photos.stream().map(p -> p.photoId).toList();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<String, Long> counts = rig.storedEventIds(ids).values().stream()
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            Map<String, EventDoc> stored = rig.events();
            return counts.entrySet().stream().allMatch(e -> stored.containsKey(e.getKey())
                    && stored.get(e.getKey()).photoCount == e.getValue());
        });
    }

    /** What a first run left: its documents, its photos' eventIds, and the feed once it stopped. */
    record FirstRun(Map<String, Shape> documents, Map<String, String> members, List<EventDoc> feed) {}

    /**
     * Ends a first run once every photo of {@code all} is counted by its event: checks that its feed
     * holds every document it wrote, and stops it with a savepoint (which commits what it sent).
     */
    static FirstRun stop(ProductionStack stack, LateRig rig, JobClient first, Collection<Photo> all, Path savepoint)
            throws Exception {
        awaitEventsCountTheirPhotos(rig, all);
        Map<String, Shape> documents = shapes(rig);
        Set<String> written = rig.events().values().stream().map(LateRig::key).collect(Collectors.toSet());
        List<EventDoc> firstFeed = LateRig.feedUntil(stack.kafka().broker(), written, Duration.ofSeconds(30));
        assertThat(firstFeed.stream().map(LateRig::key).collect(Collectors.toSet()))
                .as("the first run's feed holds every document it wrote").containsAll(written);
        Map<String, String> members = rig.storedEventIds(all.stream().map(p -> p.photoId).toList());
        first.stopWithSavepoint(false, savepoint.toUri().toString(), SavepointFormatType.CANONICAL).get();
        return new FirstRun(documents, members, LateRig.feedToEnd(stack.kafka().broker()));
    }

    /**
     * Starts the job again from the earliest offsets with fresh state against the same MongoDB,
     * waits until it ends with the first run's documents and photos' eventIds, stops it with a
     * savepoint, and returns the whole feed (the first run's records, then the replay's).
     */
    static List<EventDoc> replay(ProductionStack stack, LateRig rig, KafkaProducer<byte[], byte[]> producer, String db,
            FirstRun first, Path savepoint) throws Exception {
        JobClient replay = ProductionRig.start(
                ProductionRig.settings(stack.kafka().broker(), stack.mongo().connectionString(), db, db + "-replay", "earliest"),
                2, null);
        try {
            List<String> marks = LateRig.markEveryPartition(producer, MARK, -50);
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.eventsOf(marks).size() == marks.size());
            // The replay's cold path may still be retrying deferred photos: give it its backoff.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(shapes(rig)).as("the first run's event documents, and no other").isEqualTo(first.documents());
                assertThat(rig.storedEventIds(first.members().keySet())).as("photos' eventId").isEqualTo(first.members());
            });
        } finally {
            // A stop with a savepoint commits what the job sent to the feed (a cancel would abort it).
            replay.stopWithSavepoint(false, savepoint.toUri().toString(), SavepointFormatType.CANONICAL).get();
        }
        return LateRig.feedToEnd(stack.kafka().broker());
    }
}
