package com.snapmap.job.prod;

import static com.snapmap.job.prod.ReplayFeed.DAY;
import static com.snapmap.job.prod.ReplayFeed.HOUR;
import static com.snapmap.job.prod.ReplayFeed.MIN;
import static com.snapmap.job.prod.ReplayFeed.at;
import static com.snapmap.job.prod.ReplayFeed.lastPerEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.core.Photo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of late uploads (docs/DELIVERY.md, "The cold path"): after a run in which the cold path
 * joined, bridged and renamed closed events beside on-time photos, the job is started again from
 * the earliest offsets with fresh state against the same MongoDB. The replay ends with the first
 * run's event documents (no more, no fewer), every photo's eventId as the first run left it, and on
 * the feed, per event, the same last record. Here the closed events are written into MongoDB by the
 * test; {@link LateReplayOfHotHistoryITCase} has the job's hot path close them itself.
 */
class LateReplayITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final String DB = "late-replay";

    @TempDir
    Path savepoints;

    @Test
    void aReplayFromTheEarliestOffsetsEndsWithTheFirstRunsDocumentsAndFeed() throws Exception {
        LateRig rig = ReplayFeed.rig(STACK, DB);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            JobClient first = ReplayFeed.startFirst(STACK, DB);
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
            ReplayFeed.FirstRun firstRun = ReplayFeed.stop(STACK, rig, first, all, savepoints.resolve("first"));

            try {
                List<EventDoc> feed = ReplayFeed.replay(STACK, rig, producer, DB, firstRun, savepoints.resolve("replay"));
                assertThat(lastPerEvent(feed)).as("per event, the feed's last record").isEqualTo(lastPerEvent(firstRun.feed()));
            } finally {
                rig.close();
            }
        }
    }
}
