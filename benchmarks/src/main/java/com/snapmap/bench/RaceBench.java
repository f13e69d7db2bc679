package com.snapmap.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.snapmap.bench.naive.NaiveRun;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.prod.MongoIndexes;
import com.snapmap.testkit.AppliedOperations;
import com.snapmap.testkit.AppliedOperations.Kind;
import com.snapmap.testkit.EmbeddedKafka;
import com.snapmap.testkit.EmbeddedMongo;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * The race: the seed's naive worker and our job read the same pre-published topic on the same
 * Kafka broker into databases of their own on the same MongoDB-wire server, one after the other,
 * watched by the same {@link RaceObserver}; each side's database work is counted by the server.
 */
final class RaceBench {

    static final int PARTITIONS = 4;
    static final int PARALLELISM = 2;
    /** How long a side's database must stay without writes before its partition is read back. */
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);

    /**
     * The writes one collection of a side's database was applied, and the documents it holds after
     * them; for our {@code events}, how many of those are open, closed and tombstones (else empty).
     */
    record CollectionWrites(String collection, long writes, long updateMany, long documents, String kinds) {}

    /** One run of one side, as observed and counted. */
    record Side(RaceSpan span, long writes, long reads, double ari, boolean exact, long events, List<CollectionWrites> byCollection) {

        /** Writes per photo by collection, e.g. {@code photos 1.04 (updateMany 0.01), events 0.85 (1.99 per document)}. */
        String writesByCollection() {
            List<String> parts = new ArrayList<>();
            for (CollectionWrites c : byCollection) {
                parts.add(String.format("%s %.2f (updateMany %.2f; %.2f per document%s)", c.collection(),
                        (double) c.writes() / span.photos(), (double) c.updateMany() / span.photos(),
                        c.documents() == 0 ? Double.NaN : (double) c.writes() / c.documents(), c.kinds()));
            }
            return String.join(", ", parts);
        }

        double pps() {
            return span.photosPerSecond();
        }

        double writesPerPhoto() {
            return (double) writes / span.photos();
        }

        double readsPerPhoto() {
            return (double) reads / span.photos();
        }
    }

    /** The runs of one configuration of one side; the median run by photos/s counts. */
    record Runs(String label, List<Side> runs) {

        Side median() {
            List<Side> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Side::pps));
            return sorted.get((sorted.size() - 1) / 2);
        }

        String range() {
            double lo = runs.stream().mapToDouble(Side::pps).min().orElse(Double.NaN);
            double hi = runs.stream().mapToDouble(Side::pps).max().orElse(Double.NaN);
            return Row.format(lo) + "–" + Row.format(hi);
        }
    }

    private final EmbeddedKafka kafka;
    private final EmbeddedMongo mongo;
    private final LinkRule rule;
    private final PrintStream log;
    private final Duration timeout;
    private int sequence;

    RaceBench(EmbeddedKafka kafka, EmbeddedMongo mongo, LinkRule rule, PrintStream log, Duration timeout) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.rule = rule;
        this.log = log;
        this.timeout = timeout;
    }

    /** Publishes the load, once, to a topic of {@link #PARTITIONS} partitions that every side then reads. */
    String publish(RaceLoad load) {
        String topic = "race-" + load.name() + "-" + (sequence++);
        kafka.createTopics(PARTITIONS, topic);
        NaiveRun.publish(kafka, topic, load.arrivals());
        return topic;
    }

    /** {@code runs} runs of the worker with {@code consumers} consumers. */
    Runs worker(RaceLoad load, String topic, int consumers, int runs) throws Exception {
        List<Side> sides = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String db = "race_worker_" + (sequence++);
            long seeded = seed(db, load);
            RaceSpan span = NaiveRun.race(kafka, mongo.connectionString(), db, topic, load.photos(), consumers, rule, timeout,
                    new RaceObserver(LocalCluster::processCpuNanos));
            sides.add(logged("worker, " + consumers + " consumers, " + load.name(), score(db, span, load, seeded)));
        }
        return new Runs(consumers + " consumers", sides);
    }

    /**
     * {@code runs} runs of our job, each a new job from {@code jobs} reading the topic from its start
     * at p = {@link #PARALLELISM}; {@code cpu} is the CPU of every process the job runs in and this one.
     */
    Runs ours(RaceLoad load, String topic, String label, Supplier<EndToEndJob> jobs, LongSupplier cpu, int runs) throws Exception {
        List<Side> sides = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String name = "race_ours_" + (sequence++);
            kafka.createTopics(PARALLELISM, name + "-photo-uploads-dlq", name + "-event-updates");
            try (MongoClient client = MongoClients.create(mongo.connectionString()); EndToEndJob job = jobs.get()) {
                MongoDatabase db = client.getDatabase(name);
                MongoIndexes.ensure(db);
                long seeded = seed(name, load);
                long t0 = System.nanoTime();
                job.submit(EndToEndRun.settings(kafka, mongo.connectionString(), name, topic), PARALLELISM);
                RaceSpan span = new RaceObserver(cpu).await(db.getCollection(MongoSchema.PHOTOS), load.photos(), t0, timeout);
                job.failIfEnded();
                sides.add(logged("ours, " + label + ", " + load.name(), score(name, span, load, seeded)));
            }
        }
        return new Runs(label, sides);
    }

    /**
     * The photo documents the gateway would have stored before announcing each upload (place,
     * time, cell; no eventId), inserted before the side starts: its writes then are the clustering's
     * alone, as on the real system. Returns the writes this took, left out of the side's count.
     */
    private long seed(String db, RaceLoad load) {
        Map<String, Document> docs = new java.util.LinkedHashMap<>();
        Instant uploaded = Instant.now();
        for (Photo p : load.arrivals()) {
            docs.computeIfAbsent(p.photoId, id -> PhotoBson.toBson(new PhotoDoc(id, Instant.ofEpochMilli(p.takenAt), p.lat, p.lon,
                    uploaded, null, null, null, null, null, null, null)));
        }
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            List<Document> all = new ArrayList<>(docs.values());
            for (int from = 0; from < all.size(); from += 1_000) {
                client.getDatabase(db).getCollection(MongoSchema.PHOTOS).insertMany(all.subList(from, Math.min(all.size(), from + 1_000)));
            }
        }
        return docs.size();
    }

    private Side logged(String what, Side s) {
        log.printf("race: %s: %s photos/s, %d of %d visible, %.0f CPU µs/photo, %.2f writes + %.2f reads per photo (%s), ARI %.4f%s; CPU by thread: %s%n",
                what, Row.format(s.pps()), s.span().visible(), s.span().photos(), s.span().cpuMicrosPerPhoto(), s.writesPerPhoto(),
                s.readsPerPhoto(), s.writesByCollection(), s.ari(), s.exact() ? ", exact" : "", s.span().topThreads(14));
        return s;
    }

    /**
     * Once the side's database has had no writes for {@link #QUIET}: the operations it applied less
     * the observer's counts and the seeded photo documents, and its partition scored against the reference; then the database is dropped.
     */
    /** Our events' documents by kind, per photo of the load: what their writes were for. */
    private static String kinds(MongoDatabase database, String collection) {
        if (!collection.equals(MongoSchema.EVENTS)) {
            return "";
        }
        var events = database.getCollection(collection);
        return String.format("; documents: %d open, %d closed, %d tombstones",
                events.countDocuments(Filters.eq(MongoSchema.STATUS, MongoSchema.STATUS_OPEN)),
                events.countDocuments(Filters.eq(MongoSchema.STATUS, MongoSchema.STATUS_CLOSED)),
                events.countDocuments(Filters.exists(MongoSchema.MERGED_INTO)));
    }

    private Side score(String db, RaceSpan span, RaceLoad load, long seeded) {
        AppliedOperations applied = mongo.applied();
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        long writes = applied.of(db, Kind.WRITE);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < QUIET.toNanos() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            long now = applied.of(db, Kind.WRITE);
            if (now != writes) {
                writes = now;
                quietSince = System.nanoTime();
            }
        }
        writes -= seeded;
        long reads = applied.of(db, Kind.FIND) + applied.of(db, Kind.COUNT_OR_AGGREGATE) - span.polls();
        Map<String, String> eventOf = new HashMap<>();
        List<CollectionWrites> byCollection = new ArrayList<>();
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase database = client.getDatabase(db);
            for (String c : database.listCollectionNames()) {
                long own = applied.of(db, c, Kind.WRITE) - (c.equals(MongoSchema.PHOTOS) ? seeded : 0);
                byCollection.add(new CollectionWrites(c, own, applied.of(db, c, Kind.WRITE_MANY),
                        database.getCollection(c).estimatedDocumentCount(), kinds(database, c)));
            }
            for (Document d : database.getCollection(MongoSchema.PHOTOS).find(Filters.exists(MongoSchema.EVENT_ID))) {
                eventOf.put(d.getString(MongoSchema.ID), d.getString(MongoSchema.EVENT_ID));
            }
            // The server keeps its data on the bench's heap: a later side must not pay for an earlier one's.
            database.drop();
        }
        byCollection.sort(Comparator.comparing(CollectionWrites::collection));
        boolean exact = span.complete() && PartitionMetrics.differences(eventOf, load.truth()).isEmpty();
        return new Side(span, writes, reads, PartitionMetrics.adjustedRand(eventOf, load.truth()), exact,
                eventOf.values().stream().distinct().count(), byCollection);
    }
}
