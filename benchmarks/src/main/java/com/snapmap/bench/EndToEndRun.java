package com.snapmap.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.snapmap.core.Photo;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.prod.MongoIndexes;
import com.snapmap.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;

/**
 * End to end on the real local servers: the production job (Kafka source, MongoDB and Kafka
 * sinks) wherever an {@link EndToEndJob} runs it; upload events published to Kafka at a fixed rate
 * or all at once, and each photo's latency from its publish until MongoDB shows its {@code
 * eventId} (polled).
 */
public final class EndToEndRun implements AutoCloseable {

    public static final long POLL_MILLIS = 100;
    /** The checkpoint interval {@code ./snapmap up} runs the job with (the job's own default is 30 s). */
    public static final long CHECKPOINT_MILLIS = 10_000;
    /**
     * Pending photo ids asked for per query. The MongoDB-wire server matches each document an
     * {@code $in} finds against the whole list, so a query's cost grows with the square of its
     * size: with 1 000 ids that matching was about a third of the server's profile in a 100 000-photo
     * burst, on the job's cores (the burst's last eventId came 22-26 s after its last publish, 19-21
     * s with 100).
     */
    static final int POLL_BATCH = 100;

    /** Latencies of one phase; {@code visible} of {@code published} got an eventId in time. */
    public static final class Phase {
        public final String name;
        public final int published;
        public final int visible;
        public final Percentiles latencyMs;
        /** From the last publish until the last photo was visible (the tail after the load stops). */
        public final long tailMs;
        public final long wallNanos;

        Phase(String name, int published, int visible, Percentiles latencyMs, long tailMs, long wallNanos) {
            this.name = name;
            this.published = published;
            this.visible = visible;
            this.latencyMs = latencyMs;
            this.tailMs = tailMs;
            this.wallNanos = wallNanos;
        }
    }

    private final EndToEndJob job;
    private final String uploads;
    private final MongoClient mongo;
    private final MongoCollection<Document> photos;
    private final KafkaProducer<byte[], byte[]> producer;
    private final UploadEventCodec codec = new UploadEventCodec();
    private int sequence;

    /**
     * Submits {@code job} against {@code kafka} and {@code mongoUri}, with topics, database,
     * consumer group and transactional ids of its own named after {@code name}, so that runs on
     * the same servers do not read each other's photos; {@code more} are further settings of the job.
     */
    public EndToEndRun(EmbeddedKafka kafka, String mongoUri, EndToEndJob job, String name, int parallelism, Map<String, String> more)
            throws Exception {
        this.job = job;
        this.uploads = name + "-photo-uploads";
        kafka.createTopics(parallelism, uploads, name + "-photo-uploads-dlq", name + "-event-updates");
        Map<String, String> m = settings(kafka, mongoUri, name, uploads);
        m.putAll(more);
        this.mongo = MongoClients.create(mongoUri);
        MongoIndexes.ensure(mongo.getDatabase(name));
        this.photos = mongo.getDatabase(name).getCollection(MongoSchema.PHOTOS);
        try {
            job.submit(m, parallelism);
        } catch (Exception e) {
            mongo.close();
            throw e;
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The job's settings for a run named {@code name} reading {@code uploadsTopic}: topics,
     * database, consumer group and transactional ids of its own, from the earliest offsets.
     */
    static Map<String, String> settings(EmbeddedKafka kafka, String mongoUri, String name, String uploadsTopic) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        m.put("kafka.topic.uploads", uploadsTopic);
        m.put("kafka.topic.dlq", name + "-photo-uploads-dlq");
        m.put("kafka.topic.event-updates", name + "-event-updates");
        m.put("kafka.group-id", "bench-" + name);
        m.put("kafka.starting-offsets", "earliest");
        m.put("kafka.transactional-id-prefix", "bench-" + name);
        m.put("mongo.uri", mongoUri);
        m.put("mongo.database", name);
        m.put("checkpoint.interval-ms", Long.toString(CHECKPOINT_MILLIS));
        m.put("restart.attempts", "0");
        return m;
    }

    /**
     * Publishes {@code places.size()} photos at {@code ratePerSecond} (0: as fast as possible),
     * each taken "now" at one of the places, and waits up to {@code drain} after the last one.
     */
    public Phase phase(String name, List<Photo> places, double ratePerSecond, Duration drain) {
        String prefix = "e" + (sequence++) + "-";
        Map<String, Long> publishedAt = new HashMap<>();
        Map<String, Long> latency = new HashMap<>();
        long t0 = System.nanoTime();
        long lastPoll = t0;
        for (int i = 0; i < places.size(); i++) {
            if (ratePerSecond > 0) {
                long due = t0 + (long) (i * 1e9 / ratePerSecond);
                while (System.nanoTime() < due) {
                    if (System.nanoTime() - lastPoll > POLL_MILLIS * 1_000_000) {
                        poll(publishedAt, latency);
                        lastPoll = System.nanoTime();
                    }
                    LockSupport.parkNanos(Math.min(due - System.nanoTime(), 1_000_000L));
                }
            }
            Photo place = places.get(i);
            String id = prefix + i;
            long now = System.currentTimeMillis();
            byte[] value = codec.toJson(new UploadEvent(id, now, place.lat, place.lon, null)).getBytes(StandardCharsets.UTF_8);
            publishedAt.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>(uploads, id.getBytes(StandardCharsets.UTF_8), value));
        }
        producer.flush();
        long lastPublish = System.nanoTime();
        long deadline = lastPublish + drain.toNanos();
        long lastVisible = lastPublish;
        while (latency.size() < publishedAt.size() && System.nanoTime() < deadline) {
            if (poll(publishedAt, latency)) {
                lastVisible = System.nanoTime();
            }
            LockSupport.parkNanos(POLL_MILLIS * 1_000_000);
        }
        long wall = System.nanoTime() - t0;
        job.failIfEnded();
        long tail = latency.size() < publishedAt.size() ? -1 : Math.max(0, (lastVisible - lastPublish) / 1_000_000);
        return new Phase(name, publishedAt.size(), latency.size(), new Percentiles(new ArrayList<>(latency.values())), tail, wall);
    }

    /**
     * Records first sight of every photo that now has an eventId; true when any was new. Asks only
     * for the photos still pending, by {@code _id} (an index look-up each), so the observer's cost
     * shrinks as photos become visible instead of re-reading every photo every poll.
     */
    private boolean poll(Map<String, Long> publishedAt, Map<String, Long> latency) {
        List<String> pending = new ArrayList<>();
        for (String id : publishedAt.keySet()) {
            if (!latency.containsKey(id)) {
                pending.add(id);
            }
        }
        boolean any = false;
        long now = System.nanoTime();
        for (int from = 0; from < pending.size(); from += POLL_BATCH) {
            List<String> batch = pending.subList(from, Math.min(pending.size(), from + POLL_BATCH));
            for (Document d : photos.find(Filters.and(Filters.in("_id", batch), Filters.exists(MongoSchema.EVENT_ID)))
                    .projection(Projections.include("_id"))) {
                latency.put(d.getString("_id"), (now - publishedAt.get(d.getString("_id"))) / 1_000_000);
                any = true;
            }
        }
        return any;
    }

    @Override
    public void close() throws Exception {
        producer.close();
        try {
            job.close();
        } finally {
            mongo.close();
        }
    }
}
