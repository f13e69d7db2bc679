package com.snapmap.job.prod;

import static com.snapmap.job.prod.ReplayFeed.DAY;
import static com.snapmap.job.prod.ReplayFeed.HOUR;
import static com.snapmap.job.prod.ReplayFeed.MIN;
import static com.snapmap.job.prod.ReplayFeed.at;
import static com.snapmap.job.prod.ReplayFeed.lastPerEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of late uploads whose closed events the job's own hot path closed (docs/DELIVERY.md,
 * "The cold path"): on-time photos make events, the watermark passes them and the hot path closes
 * them; then late photos join one, bridge two and precede the first photo of a third, so the cold
 * path takes them over at higher versions, and a second late photo changes the bridge's survivor
 * again. A job started from the earliest offsets with fresh state against the same MongoDB then
 * republishes the hot path's own, lower, versions of those events; the feed must still end, per
 * event, with the first run's last record, and no event's versions may go down within a run.
 *
 * <p>A late photo far from the rest is the first record of its partition, so the replay's cold
 * path starts (and publishes the cold documents MongoDB holds) before its hot path has re-read
 * the history.
 */
class LateReplayOfHotHistoryITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final String DB = "late-replay-hot";

    @TempDir
    Path savepoints;

    @Test
    void aReplayEndsWithTheColdPathsVersionsOfTheEventsTheHotPathClosed() throws Exception {
        LateRig rig = ReplayFeed.rig(STACK, DB);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            JobClient first = ReplayFeed.startFirst(STACK, DB);
            long t = System.currentTimeMillis() - 3 * HOUR;
            Photo lone = at("lone-late", t - DAY, 48.90, 0);
            rig.upload(producer, lone);
            producer.flush();

            // Uploaded a minute after it was taken, each on time by its own arrival: the hot path's. All
            // in one partition, in takenAt order, so each event's first photo is read first in both
            // runs (read across partitions, the order may differ between runs, and with it the hot
            // path's provisional ids and their tombstones).
            List<Photo> history = new ArrayList<>(List.of(
                    at("join-j1", t, 48.80, 0), at("join-j2", t + MIN, 48.80, 5),
                    at("bridge-b1", t, 48.82, 0), at("bridge-b2", t + 2 * MIN, 48.82, 5),
                    at("bridge-c1", t + 8 * MIN, 48.82, 10), at("bridge-c2", t + 9 * MIN, 48.82, 15),
                    at("rename-d1", t + 3 * MIN, 48.84, 0), at("rename-d2", t + 4 * MIN, 48.84, 5)));
            history.sort(Comparator.comparingLong((Photo p) -> p.takenAt));
            for (Photo p : history) {
                rig.uploadAt(producer, p, p.takenAt + MIN, 0);
            }
            producer.flush();
            List<String> historyIds = history.stream().map(p -> p.photoId).toList();
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.eventsOf(historyIds).size() == history.size());
            // Every partition read past the history's lateness: the hot path closes its events.
            LateRig.markEveryPartition(producer, "close-mark-", -40);
            Set<String> closedByTheJob = Set.copyOf(LateRig.REFERENCE.cluster(history).eventOfPhoto().values());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> closedByTheJob.stream()
                    .map(rig::event).allMatch(e -> e != null && e.isClosed() && e.owner == null));

            List<Photo> late = List.of(at("join-late", t + 3 * MIN, 48.80, 8), at("bridge-late", t + 5 * MIN, 48.82, 7),
                    at("rename-late", t, 48.84, 2));
            for (Photo p : late) {
                rig.upload(producer, p);
            }
            producer.flush();
            String b = EventIds.forFirstPhoto("bridge-b1");
            await().atMost(Duration.ofSeconds(30)).until(() -> b.equals(rig.eventOf("bridge-late")));
            // A second change of the bridge's survivor: its last change no longer names the bridged event.
            Photo again = at("bridge-again", t + 11 * MIN, 48.82, 18);
            rig.upload(producer, again);
            producer.flush();
            List<Photo> all = new ArrayList<>(history);
            all.addAll(late);
            all.add(again);
            all.add(lone);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> rig.asReference(all));
            String c = EventIds.forFirstPhoto("bridge-c1");
            String d = EventIds.forFirstPhoto("rename-d1");
            assertThat(rig.event(EventIds.forFirstPhoto("join-j1")).owner).as("joined").isEqualTo(MongoSchema.OWNER_COLD_PATH);
            assertThat(rig.event(b).owner).as("bridged").isEqualTo(MongoSchema.OWNER_COLD_PATH);
            assertThat(rig.event(c).mergedInto).as("bridged").isEqualTo(b);
            assertThat(rig.event(d).mergedInto).as("renamed").isEqualTo(EventIds.forFirstPhoto("rename-late"));
            ReplayFeed.FirstRun firstRun = ReplayFeed.stop(STACK, rig, first, all, savepoints.resolve("first"));
            assertThat(firstRun.feed()).as("the hot path's closed documents are on the first run's feed")
                    .anyMatch(e -> closedByTheJob.contains(e.eventId) && e.isClosed() && e.owner == null);
            assertVersionsRise(firstRun.feed(), "the first run");

            try {
                List<EventDoc> feed = ReplayFeed.replay(STACK, rig, producer, DB, firstRun, savepoints.resolve("replay"));
                assertThat(lastPerEvent(feed)).as("per event, the feed's last record").isEqualTo(lastPerEvent(firstRun.feed()));
                assertVersionsRise(feed.subList(firstRun.feed().size(), feed.size()), "the replay");
            } finally {
                rig.close();
            }
        }
    }

    /** Per event, the versions of one run's records never go down. */
    private static void assertVersionsRise(List<EventDoc> run, String which) {
        Map<String, List<Long>> versions = new LinkedHashMap<>();
        run.forEach(e -> versions.computeIfAbsent(e.eventId, k -> new ArrayList<>()).add(e.version));
        Map<String, List<Long>> falling = new HashMap<>();
        versions.forEach((id, v) -> {
            for (int i = 1; i < v.size(); i++) {
                if (v.get(i) < v.get(i - 1)) {
                    falling.put(id, v);
                }
            }
        });
        assertThat(falling).as("events whose versions go down on %s's feed", which).isEmpty();
    }
}
