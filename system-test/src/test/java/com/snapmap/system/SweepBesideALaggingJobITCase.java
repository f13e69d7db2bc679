package com.snapmap.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.EventJson;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.prod.ProductionRig;
import com.snapmap.job.prod.ProductionStack;
import com.snapmap.sweeper.KafkaUploadRedriver;
import com.snapmap.sweeper.Sweeper;
import com.snapmap.sweeper.SweeperConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sweep while the job lags the wall clock by far more than the sweeper's grace (docs/DELIVERY.md,
 * "Sweeper"): a photo uploaded long ago whose upload event the job has not read yet is orphaned
 * for the sweeper, too old by the wall clock, yet on time for the job. A neighbour taken a minute
 * earlier is uploaded after the sweep. When the job catches up, the two make one event that
 * counts exactly its members, and every event document in MongoDB is on {@code event-updates}.
 */
class SweepBesideALaggingJobITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final String DB = "lagging";
    private static final long T0 = 1_714_521_600_000L;

    private static void insert(MongoDatabase db, Photo p) {
        db.getCollection(MongoSchema.PHOTOS).insertOne(PhotoBson.toBson(new PhotoDoc(p.photoId, Instant.ofEpochMilli(p.takenAt),
                p.lat, p.lon, Instant.ofEpochMilli(p.takenAt + 1_000), null, "image/jpeg", 1L, null, null, null, null)));
    }

    /** Live events (not the sentinels'): photoCount by id, and how many photos point at each. */
    private static Map<String, List<Long>> countsAndMembers(MongoDatabase db) {
        Map<String, Long> members = new HashMap<>();
        for (Document d : db.getCollection(MongoSchema.PHOTOS).find()) {
            if (d.getString(MongoSchema.EVENT_ID) != null && !d.getString(MongoSchema.ID).startsWith("sentinel-")) {
                members.merge(d.getString(MongoSchema.EVENT_ID), 1L, Long::sum);
            }
        }
        Map<String, List<Long>> out = new HashMap<>();
        for (EventDoc e : events(db)) {
            if (!e.isTombstone()) {
                out.put(e.eventId, List.of(e.photoCount, members.getOrDefault(e.eventId, 0L)));
            }
        }
        return out;
    }

    private static List<EventDoc> events(MongoDatabase db) {
        return db.getCollection(MongoSchema.EVENTS).find().map(EventBson::fromBson).into(new java.util.ArrayList<>())
                .stream().filter(e -> e.isTombstone() || !String.valueOf(e.firstPhotoId).startsWith("sentinel-")).toList();
    }

    /** {@code eventId@version} of every committed event-updates record so far. */
    private static Set<String> feed() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafka().bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "feed-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> out = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENT_UPDATES));
            for (int i = 0; i < 5; i++) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    EventDoc d = EventJson.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                    out.add(d.eventId + "@" + d.version);
                });
            }
        }
        return out;
    }

    @Test
    void theJobCatchingUpAfterASweepCountsEachPhotoOnceAndPublishesEveryEvent() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        Photo early = new Photo("lag-q", T0, 41.39, 2.17);
        Photo orphan = new Photo("lag-p", T0 + 60_000, 41.39, 2.1701);
        Clock wall = Clock.fixed(Instant.ofEpochMilli(T0).plus(Duration.ofDays(1)), ZoneOffset.UTC);
        try (MongoClient client = MongoClients.create(STACK.mongo().connectionString());
                KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            MongoDatabase db = client.getDatabase(DB);
            // Uploaded a day ago; its upload event waits in Kafka for a job that has not read it yet.
            insert(db, orphan);
            ProductionRig.send(producer, List.of(orphan));

            SweeperConfig config = SweeperConfig.of(DB, Duration.ofMinutes(10));
            try (KafkaUploadRedriver redriver = new KafkaUploadRedriver(STACK.kafka().bootstrapServers(), Topics.UPLOADS)) {
                System.out.println("sweep: " + new Sweeper(db, redriver, config, wall).sweepOnce());
            }

            insert(db, early);
            ProductionRig.send(producer, List.of(early));
            JobClient job = ProductionRig.start(
                    ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), DB, DB, "earliest"), 2, null);
            ProductionRig.sendSentinels(producer, orphan.takenAt); // the job catches up with the wall clock: all close
            Map<String, String> reference = new ReferenceClusterer(ClusteringConfig.defaults().linkRule())
                    .cluster(List.of(early, orphan)).eventOfPhoto();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> events(db).stream().filter(e -> !e.isTombstone()).allMatch(EventDoc::isClosed)
                            && ProductionRig.eventIds(STACK.mongo().connectionString(), DB).size() == 2);

            countsAndMembers(db).forEach((id, cm) -> assertThat(cm.get(0)).as("photoCount of %s", id).isEqualTo(cm.get(1)));
            assertThat(ProductionRig.eventIds(STACK.mongo().connectionString(), DB)).isEqualTo(reference);
            Set<String> stored = new HashSet<>();
            events(db).forEach(e -> stored.add(e.eventId + "@" + e.version));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(
                    () -> assertThat(feed()).as("every event document on event-updates").containsAll(stored));
            job.cancel().get();
        }
    }
}
