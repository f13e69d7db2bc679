package com.snapmap.bench.naive;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.snapmap.bench.Load;
import com.snapmap.bench.RaceSpan;
import com.snapmap.bench.Rates;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;

/**
 * Runs the naive worker's consumer group over a load already in Kafka, to the last record, against
 * the MongoDB-wire server; then reads back the partition it left in {@code photos.eventId}.
 */
public final class NaiveRun {

    public static final String LOOKUPS = "_id look-ups of per-(cell, 5 min) recent-photo documents";

    /** What the run measured. */
    public static final class Outcome {
        public final long records;
        public final long wallNanos;
        public final Map<String, String> eventOfPhoto;

        Outcome(long records, long wallNanos, Map<String, String> eventOfPhoto) {
            this.records = records;
            this.wallNanos = wallNanos;
            this.eventOfPhoto = eventOfPhoto;
        }

        public double photosPerSecond() {
            return Rates.perSecond(records, wallNanos);
        }
    }

    private NaiveRun() {}

    public static Outcome run(EmbeddedKafka kafka, String mongoUri, String database, Load load, int consumers,
            LinkRule rule, Duration timeout) throws Exception {
        String topic = "naive-" + database;
        kafka.createTopics(consumers, topic);
        publish(kafka, topic, load.arrivals);
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoDatabase db = client.getDatabase(database);
            long t0 = System.nanoTime();
            WorkerGroup group = new WorkerGroup(kafka.bootstrapServers(), topic, "naive-" + database, db, consumers, rule);
            long deadline = t0 + timeout.toNanos();
            while (group.processed.get() < load.arrivals.size() && System.nanoTime() < deadline && !group.failed()) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            }
            long wall = System.nanoTime() - t0;
            group.stop();
            Map<String, String> eventOf = new HashMap<>();
            for (Document d : db.getCollection(MongoSchema.PHOTOS).find()) {
                eventOf.put(d.getString("_id"), d.getString(MongoSchema.EVENT_ID));
            }
            return new Outcome(group.processed.get(), wall, eventOf);
        }
    }

    /**
     * The race's side of the worker: {@code consumers} workers of a new group read {@code topic}
     * (already published) from its start into {@code database}, until the observer sees every one
     * of {@code photos} with an eventId or {@code timeout} passed; then they stop.
     */
    public static RaceSpan race(EmbeddedKafka kafka, String mongoUri, String database, String topic, long photos, int consumers,
            LinkRule rule, Duration timeout, RaceSpan.Observer observer) throws Exception {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoDatabase db = client.getDatabase(database);
            long t0 = System.nanoTime();
            WorkerGroup group = new WorkerGroup(kafka.bootstrapServers(), topic, "race-" + database, db, consumers, rule);
            RaceSpan span;
            try {
                span = observer.await(db.getCollection(MongoSchema.PHOTOS), photos, t0, timeout);
            } finally {
                group.stop();
            }
            return span;
        }
    }

    public static void publish(EmbeddedKafka kafka, String topic, List<Photo> photos) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        UploadEventCodec codec = new UploadEventCodec();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Photo ph : photos) {
                producer.send(new ProducerRecord<>(topic, ph.photoId.getBytes(StandardCharsets.UTF_8), NaiveWorker.wire(codec, ph)));
            }
            producer.flush();
        }
    }
}
