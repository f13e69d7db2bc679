package com.snapmap.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.prod.ProductionRig;
import com.snapmap.job.prod.ProductionStack;
import com.snapmap.sweeper.KafkaUploadRedriver;
import com.snapmap.sweeper.SweepReport;
import com.snapmap.sweeper.Sweeper;
import com.snapmap.sweeper.SweeperConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job clusters the on-time photos and closes every event; a day later the sweeper re-drives
 * the photos whose upload never reached the job, and the job's cold path clusters them against the
 * closed events, merging events they bridge; then the job is replayed from the earliest offsets
 * (the re-drives included) into the same database. The replay's guarded writes leave the cold
 * path's events, tombstones and photos as they were, and the partition stays the reference
 * clusterer's over all photos.
 */
class ReplayAfterSweepITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final String DB = "replayed";

    /** One client for the test's reads of the events, rather than one a read. */
    private static MongoClient reader;

    @BeforeAll
    static void open() {
        reader = MongoClients.create(STACK.mongo().connectionString());
    }

    @AfterAll
    static void close() {
        reader.close();
    }

    private static boolean sentinel(Document d) {
        return String.valueOf(d.getString(MongoSchema.FIRST_PHOTO_ID)).startsWith("sentinel");
    }

    private static boolean allClosed(Map<String, Document> events) {
        return !events.isEmpty() && events.values().stream()
                .filter(d -> d.get(MongoSchema.MERGED_INTO) == null && !sentinel(d))
                .allMatch(d -> MongoSchema.STATUS_CLOSED.equals(d.getString(MongoSchema.STATUS)));
    }

    /** The events collection as stored, without updatedAt (a replay rewrites the job's own documents). */
    private static Map<String, Document> stored() {
        Map<String, Document> out = new java.util.HashMap<>();
        for (Document d : reader.getDatabase(DB).getCollection(MongoSchema.EVENTS).find()) {
            if (!sentinel(d)) {
                d.remove(MongoSchema.UPDATED_AT);
                out.put(d.getString(MongoSchema.ID), d);
            }
        }
        return out;
    }

    /**
     * Whether the first run is done: every on-time photo has its reference event and every event is
     * closed. Says how far it is whenever that changed.
     */
    private static boolean firstRunDone(Map<String, String> onTimeReference, AtomicReference<String> progress) {
        Map<String, String> now = ProductionRig.eventIds(STACK.mongo().connectionString(), DB);
        Map<String, Document> events = stored();
        long wrong = onTimeReference.entrySet().stream().filter(e -> !e.getValue().equals(now.get(e.getKey()))).count();
        long open = events.values().stream().filter(d -> d.get(MongoSchema.MERGED_INTO) == null
                && !MongoSchema.STATUS_CLOSED.equals(d.getString(MongoSchema.STATUS))).count();
        String line = String.format("first run: %d photos differ from the reference, %d events open", wrong, open);
        if (!line.equals(progress.getAndSet(line))) {
            System.err.println(line);
        }
        return wrong == 0 && allClosed(events);
    }

    @Test
    void aReplayLeavesTheColdPathsMergeOfRedrivenPhotosIntact() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        List<Photo> photos = new CityStreamGenerator(48.85, 2.35, 700, 1_714_521_600_000L, 2 * 3_600_000L)
                .generate(11, 900, 0.7, "r");
        Clustering reference = new ReferenceClusterer(ClusteringConfig.defaults().linkRule()).cluster(photos);
        List<Photo> onTime = new ArrayList<>();
        try (MongoClient client = MongoClients.create(STACK.mongo().connectionString())) {
            var coll = client.getDatabase(DB).getCollection(MongoSchema.PHOTOS);
            for (int i = 0; i < photos.size(); i++) {
                Photo p = photos.get(i);
                coll.insertOne(PhotoBson.toBson(new PhotoDoc(p.photoId, Instant.ofEpochMilli(p.takenAt), p.lat, p.lon,
                        Instant.ofEpochMilli(p.takenAt + 1_000), null, "image/jpeg", 1L, null, null, null, null)));
                if (i % 8 != 0) {
                    onTime.add(p); // every eighth upload event never reached Kafka
                }
            }
        }
        long last = photos.get(photos.size() - 1).takenAt;
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            ProductionRig.send(producer, onTime);
            ProductionRig.sendSentinels(producer, last); // the watermark passes everything: all events close
        }

        // 1. The job clusters the on-time photos and closes their events.
        Map<String, String> onTimeReference = new ReferenceClusterer(ClusteringConfig.defaults().linkRule())
                .cluster(onTime).eventOfPhoto();
        JobClient first = ProductionRig.start(
                ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), DB, "first", "committed"), 2, null);
        AtomicReference<String> progress = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> firstRunDone(onTimeReference, progress));
        long closedEvents = stored().values().stream()
                .filter(d -> MongoSchema.STATUS_CLOSED.equals(d.getString(MongoSchema.STATUS))).count();
        await().atMost(Duration.ofMinutes(1)).until(() -> ProductionRig.closedInFeed(STACK.kafka().broker(), closedEvents) >= closedEvents);

        // 2. A day later the sweeper re-drives the rest; the cold path merges some closed events.
        SweeperConfig config = SweeperConfig.of(DB, Duration.ofMinutes(1));
        SweepReport sweep;
        try (MongoClient client = MongoClients.create(STACK.mongo().connectionString());
                KafkaUploadRedriver redriver = new KafkaUploadRedriver(STACK.kafka().bootstrapServers(), Topics.UPLOADS)) {
            sweep = new Sweeper(client.getDatabase(DB), redriver, config,
                    Clock.fixed(Instant.ofEpochMilli(last).plus(Duration.ofDays(1)), ZoneOffset.UTC)).sweepOnce();
        }
        System.out.println("sweep: " + sweep);
        assertThat(sweep.redriven).isEqualTo(photos.size() - onTime.size());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), DB).equals(reference.eventOfPhoto()));
        Map<String, Document> afterSweep = stored();
        assertThat(afterSweep.values()).as("the cold path merged closed events")
                .anyMatch(d -> d.get(MongoSchema.MERGED_INTO) != null)
                .anyMatch(d -> MongoSchema.OWNER_COLD_PATH.equals(d.getString(MongoSchema.OWNER)))
                .noneMatch(d -> MongoSchema.OWNER_SWEEPER.equals(d.getString(MongoSchema.OWNER)));
        long fed = ProductionRig.closedInFeed(STACK.kafka().broker(), closedEvents);
        // Stopped, not cancelled: the replay reads the feed read_committed (ProductionRig.stop says why).
        ProductionRig.stop(first);

        // 3. Replay everything from the earliest offsets into the same database.
        JobClient replay = ProductionRig.start(
                ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), DB, "replay", "earliest"), 2, null);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> ProductionRig.closedInFeed(STACK.kafka().broker(), fed + closedEvents) >= fed + closedEvents);
        // The replay wrote the job's events again (the feed shows it); MongoDB kept every document
        // as the cold path left it. (A replay may add documents of its own for re-driven photos it
        // reads before its watermark has caught up: docs/DELIVERY.md, "The cold path", replay.)
        Map<String, Document> afterReplay = stored();
        assertThat(afterReplay).containsAllEntriesOf(afterSweep);
        // The writes the guard refused are counted by the sinks, visible in Flink's REST metrics.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> ProductionRig.jobMetric(
                STACK.miniCluster().getClientConfiguration(), replay.getJobID(), "conditionFalseWrites") > 0);
        System.out.println("replay: " + ProductionRig.jobMetric(STACK.miniCluster().getClientConfiguration(), replay.getJobID(),
                "conditionFalseWrites") + " MongoDB writes refused of " + ProductionRig.jobMetric(
                STACK.miniCluster().getClientConfiguration(), replay.getJobID(), "mongoWrites"));
        assertThat(ProductionRig.eventIds(STACK.mongo().connectionString(), DB)).containsAllEntriesOf(reference.eventOfPhoto());
        replay.cancel().get();
    }
}
