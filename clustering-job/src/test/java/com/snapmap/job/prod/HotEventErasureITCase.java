package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Erasing photos of open events (docs/SEMANTICS.md, "Deleting a photo"), on the real Kafka and
 * MongoDB: the event's photoCount drops at once while it is still open, in MongoDB and on the feed;
 * once the event has closed, the cold path re-forms it from the photos that remain, with the
 * reference clusterer's parts and ids, and the old ids resolve. One job, so one stream of event
 * time: the photos are taken two days ago (records without an upload time, so the watermark alone
 * judges them), open until sentinels a day later close them all.
 */
class HotEventErasureITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    /** Photo {@code id}, {@code minutes} after {@code t0}, {@code northM} metres north of (lat, 2.30). */
    private static Photo photo(String id, long t0, int minutes, double lat, double northM) {
        return new Photo(id, t0 + minutes * MINUTE, lat + northM / 111_195.0, 2.30);
    }

    /** o1 … o5, 40 m and a minute apart: one event, and without o5 still one. */
    private static List<Photo> line(long t0) {
        List<Photo> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(photo("o" + (i + 1), t0, i, 48.80, 40 * i));
        }
        return out;
    }

    /** a2 - a1 - bridge - c1 - c2, 40 m apart, the bridge first in time: without it two events, neither named after it. */
    private static List<Photo> bridged(long t0) {
        return List.of(photo("bridge", t0, 0, 48.82, 0), photo("a1", t0, 1, 48.82, 40), photo("a2", t0, 2, 48.82, 80),
                photo("c1", t0, 1, 48.82, -40), photo("c2", t0, 2, 48.82, -80));
    }

    /** f1 is the first photo of f1, f2, f3, 10 m and a minute apart. */
    private static List<Photo> firstErased(long t0) {
        return List.of(photo("f1", t0, 0, 48.84, 0), photo("f2", t0, 1, 48.84, 10), photo("f3", t0, 2, 48.84, 20));
    }

    /** The photoCount of event {@code id}, -1 while it has no document. */
    private static long count(LateRig rig, String id) {
        EventDoc d = rig.event(id);
        return d == null ? -1 : d.photoCount;
    }

    private static boolean isTombstone(LateRig rig, String id) {
        EventDoc d = rig.event(id);
        return d != null && d.isTombstone();
    }

    private static List<Photo> without(List<Photo> photos, String erased) {
        return photos.stream().filter(p -> !p.photoId.equals(erased)).toList();
    }

    @Test
    void anOpenEventStopsCountingAnErasedPhotoAtOnceAndIsReformedWhenItCloses() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        LateRig rig = new LateRig(STACK.mongo().connectionString(), "erase-hot");
        JobClient job = ProductionRig.start(ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(),
                "erase-hot", "erase-hot", "committed"), 2, null);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            long t0 = System.currentTimeMillis() / MINUTE * MINUTE - Duration.ofDays(2).toMillis();
            List<Photo> line = line(t0);
            List<Photo> bridged = bridged(t0);
            List<Photo> first = firstErased(t0);
            List<Photo> all = Stream.of(line, bridged, first).flatMap(List::stream).toList();
            all.forEach(rig::insertPhotoForTest); // the gateway's documents: the cold path reads places from them
            ProductionRig.send(producer, all);
            String open = EventIds.forFirstPhoto("o1");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    rig.asReference(all) && count(rig, open) == 5);

            rig.erase(producer, line.get(4));
            rig.erase(producer, bridged.get(0));
            rig.erase(producer, first.get(0));

            // (a) At once, while the events are still open: the hot path no longer counts them.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                    count(rig, open) == 4);
            EventDoc counted = rig.event(open);
            assertThat(counted.isClosed()).as("still open").isFalse();
            assertThat(counted.version).as("an erasure raises the version").isGreaterThan(5);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                    count(rig, EventIds.forFirstPhoto("bridge")) == 4 && count(rig, EventIds.forFirstPhoto("f1")) == 2);
            List<EventDoc> feed = LateRig.feedUntil(STACK.kafka().broker(), Set.of(LateRig.key(counted)), Duration.ofSeconds(30));
            EventDoc latest = feed.stream().filter(d -> open.equals(d.eventId)).reduce((x, y) -> y.version >= x.version ? y : x)
                    .orElseThrow();
            assertThat(latest.version).isEqualTo(counted.version);
            assertThat(latest.photoCount).isEqualTo(4);
            assertThat(latest.isClosed()).isFalse();

            // Then they close: the cold path re-forms each from its remaining photos.
            ProductionRig.sendSentinels(producer, t0);
            List<Photo> remaining = new ArrayList<>(without(line, "o5"));
            remaining.addAll(without(bridged, "bridge"));
            remaining.addAll(without(first, "f1"));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    rig.asReference(remaining) && isTombstone(rig, EventIds.forFirstPhoto("f1"))
                            && isTombstone(rig, EventIds.forFirstPhoto("bridge")) && rig.event(open).endAt == line.get(3).takenAt);
            EventDoc reformed = rig.event(open);
            assertThat(reformed.isClosed()).isTrue();
            assertThat(reformed.photoCount).isEqualTo(4);

            // (b) The bridge of a hot event: two parts by the first-photo rule, the old id split into both.
            String a = EventIds.forFirstPhoto("a1");
            String c = EventIds.forFirstPhoto("c1");
            EventDoc split = rig.event(EventIds.forFirstPhoto("bridge"));
            assertThat(split.mergedInto).isEqualTo(a);
            assertThat(split.splitInto).containsExactly(a, c);
            assertThat(rig.event(a).photoCount).isEqualTo(2);
            assertThat(rig.event(c).photoCount).isEqualTo(2);
            assertThat(rig.event(c).startAt).isEqualTo(bridged.get(3).takenAt);

            // (c) The first photo of a hot event: the event's id moves to the next one, the old id resolves.
            String renamed = EventIds.forFirstPhoto("f2");
            String old = EventIds.forFirstPhoto("f1");
            assertThat(rig.event(old).mergedInto).isEqualTo(renamed);
            assertThat(rig.resolve(old)).isEqualTo(renamed);
            assertThat(rig.event(renamed).photoCount).isEqualTo(2);
            assertThat(rig.event(renamed).startAt).isEqualTo(first.get(1).takenAt);
        } finally {
            job.cancel().get();
            rig.close();
        }
    }
}
