package com.snapmap.bench.naive;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.snapmap.bench.Load;
import com.snapmap.bench.Rates;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
            AtomicLong processed = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < consumers; i++) {
                Thread t = new Thread(new NaiveWorker(kafka.bootstrapServers(), topic, "naive-" + database, db,
                        new JoinOrCreate(rule), new RecentPhotoBuckets(rule.radiusMeters(), rule.windowMillis()), processed, stop),
                        "naive-worker-" + i);
                t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
                threads.add(t);
                t.start();
            }
            long deadline = t0 + timeout.toNanos();
            while (processed.get() < load.arrivals.size() && System.nanoTime() < deadline && failures.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            }
            long wall = System.nanoTime() - t0;
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("naive worker failed", failures.get(0));
            }
            Map<String, String> eventOf = new HashMap<>();
            for (Document d : db.getCollection(MongoSchema.PHOTOS).find()) {
                eventOf.put(d.getString("_id"), d.getString(MongoSchema.EVENT_ID));
            }
            return new Outcome(processed.get(), wall, eventOf);
        }
    }

    static void publish(EmbeddedKafka kafka, String topic, List<Photo> photos) {
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
