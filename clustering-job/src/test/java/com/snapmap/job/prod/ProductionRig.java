package com.snapmap.job.prod;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.snapmap.core.Photo;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.testkit.Directories;
import com.snapmap.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;

/** Test rig around the production job: produce upload events, read MongoDB and Kafka outputs. */
public final class ProductionRig {

    public static final int PARTITIONS = 4;
    static final UploadEventCodec CODEC = new UploadEventCodec();
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private ProductionRig() {}

    public static JobSettings settings(EmbeddedKafka kafka, String mongoUri, String database, String groupId, String offsets) {
        return settings(kafka, mongoUri, database, groupId, offsets, Map.of());
    }

    /** As the other, with {@code overrides} (e.g. the restart strategy) replacing the rig's values. */
    static JobSettings settings(EmbeddedKafka kafka, String mongoUri, String database, String groupId, String offsets,
            Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        m.put("kafka.group-id", groupId);
        m.put("kafka.starting-offsets", offsets);
        m.put("kafka.transactional-id-prefix", groupId);
        m.put("mongo.uri", mongoUri);
        m.put("mongo.database", database);
        m.put("mongo.batch-size", "200");
        m.put("mongo.batch-interval-ms", "100");
        m.put("clustering.lateness-s", "600");
        m.put("clustering.out-of-orderness-s", "30");
        // Long enough that a partition whose fetch is merely slow on a busy machine is not
        // declared idle (its photos would then be late, and the run no longer a pure replay).
        m.put("clustering.idleness-s", "60");
        m.put("checkpoint.interval-ms", "500");
        // The job's strategy in milliseconds; bounded, so a broken test run ends.
        m.put("restart.attempts", "10");
        m.put("restart.initial-backoff-ms", "100");
        m.put("restart.max-backoff-ms", "1000");
        m.put("restart.reset-after-ms", "60000");
        m.putAll(overrides);
        return JobSettings.of(m);
    }

    /**
     * Stops a job so that its exactly-once Kafka sinks leave no transaction open: a stop with a
     * savepoint commits what its last checkpoint prepared, where a cancel can leave that
     * transaction open until it times out (15 min), and a read_committed reader of the same
     * partition (the next test's feed check) sees nothing past it. A job that cannot take the
     * savepoint (already failing) is cancelled.
     */
    public static void stop(org.apache.flink.core.execution.JobClient job) throws Exception {
        Path dir = Files.createTempDirectory("snapmap-stop-");
        try {
            job.stopWithSavepoint(false, dir.toUri().toString(), org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            job.cancel().get();
        } finally {
            Directories.deleteTree(dir);
        }
    }

    /** Creates the indexes and starts the production job on the MiniCluster, optionally from a savepoint. */
    public static org.apache.flink.core.execution.JobClient start(JobSettings settings, int parallelism, String savepoint) throws Exception {
        return start(settings, parallelism, savepoint, settings.get("mongo.uri"));
    }

    /** As the other, creating the indexes through {@code indexUri} (not the job's client settings). */
    static org.apache.flink.core.execution.JobClient start(JobSettings settings, int parallelism, String savepoint, String indexUri)
            throws Exception {
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment(
                com.snapmap.job.ClusteringJobMain.restartStrategy(settings));
        env.setParallelism(parallelism);
        try (MongoClient mongo = MongoClients.create(indexUri)) {
            MongoIndexes.ensure(mongo.getDatabase(settings.get("mongo.database")));
        }
        ProductionJob.build(env, settings);
        var graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(org.apache.flink.runtime.jobgraph.SavepointRestoreSettings.forPath(savepoint, false));
        }
        return env.executeAsync(graph);
    }

    public static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        return producer(kafka, Map.of());
    }

    /** An idempotent producer with {@code overrides} (compression, a larger max.request.size). */
    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(overrides);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends photos keyed by photoId (the gateway's partitioning). */
    public static void send(KafkaProducer<byte[], byte[]> producer, List<Photo> photos) throws Exception {
        send(producer, "photo-uploads", photos);
    }

    /** As the other, to {@code topic}. */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<Photo> photos) throws Exception {
        for (Photo p : photos) {
            producer.send(new ProducerRecord<>(topic, p.photoId.getBytes(StandardCharsets.UTF_8),
                    CODEC.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** One photo per partition far after {@code after}, so the watermark passes everything before it. */
    public static List<String> sendSentinels(KafkaProducer<byte[], byte[]> producer, long after) throws Exception {
        return sendSentinels(producer, "photo-uploads", after);
    }

    /** As the other, to {@code topic}. */
    static List<String> sendSentinels(KafkaProducer<byte[], byte[]> producer, String topic, long after) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int part = 0; part < PARTITIONS; part++) {
            String id = "sentinel-" + part;
            ids.add(id);
            byte[] v = CODEC.toJson(new UploadEvent(id, after + Duration.ofDays(1).toMillis(), -60 + part, -140, null))
                    .getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, part, id.getBytes(StandardCharsets.UTF_8), v)).get();
        }
        return ids;
    }

    static MongoDatabase db(MongoClient client, String database) {
        return client.getDatabase(database);
    }

    /**
     * photos.eventId of every photo that has one, but the sentinels: they are clustered at once
     * like any photo, but are there only to move the watermark, and belong to no check.
     */
    public static Map<String, String> eventIds(String mongoUri, String database) {
        Map<String, String> out = new HashMap<>();
        try (MongoClient c = MongoClients.create(mongoUri)) {
            for (Document d : c.getDatabase(database).getCollection(MongoSchema.PHOTOS).find()) {
                if (d.getString(MongoSchema.EVENT_ID) != null && !d.getString(MongoSchema.ID).startsWith("sentinel-")) {
                    out.put(d.getString(MongoSchema.ID), d.getString(MongoSchema.EVENT_ID));
                }
            }
        }
        return out;
    }

    /**
     * The events collection, without the fields that record when a write happened, and without
     * the sentinels' own events (see {@link #eventIds}).
     */
    static Map<String, Document> events(String mongoUri, String database) {
        Map<String, Document> out = new HashMap<>();
        try (MongoClient c = MongoClients.create(mongoUri)) {
            for (Document d : c.getDatabase(database).getCollection(MongoSchema.EVENTS).find()) {
                if (String.valueOf(d.getString(MongoSchema.FIRST_PHOTO_ID)).startsWith("sentinel-")) {
                    continue;
                }
                d.remove(MongoSchema.UPDATED_AT);
                d.remove(MongoSchema.VERSION);
                out.put(d.getString(MongoSchema.ID), Document.parse(roundDoubles(d.toJson())));
            }
        }
        return out;
    }

    /**
     * Two documents are the same up to the noise of floating-point sums taken in another order:
     * numbers within 1e-6 relative (1e-6 absolute near zero), everything else equal.
     */
    static boolean sameDocument(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            return Math.abs(x - y) <= 1e-6 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) a;
            Map<?, ?> n = (Map<?, ?>) b;
            return m.keySet().equals(n.keySet()) && m.keySet().stream().allMatch(k -> sameDocument(m.get(k), n.get(k)));
        }
        if (a instanceof List && b instanceof List) {
            List<?> l = (List<?>) a;
            List<?> r = (List<?>) b;
            if (l.size() != r.size()) {
                return false;
            }
            for (int i = 0; i < l.size(); i++) {
                if (!sameDocument(l.get(i), r.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }

    /**
     * Sums of floating-point values depend on the order of addition, and facts are applied in
     * arrival order: compare to 1e-7 degrees (about a centimetre).
     */
    private static String roundDoubles(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?\\d+\\.\\d+(E-?\\d+)?").matcher(json);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, java.math.BigDecimal.valueOf(Double.parseDouble(m.group()))
                    .setScale(7, java.math.RoundingMode.HALF_UP).toPlainString());
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * Closed event documents (not the sentinels') committed to event-updates so far. The job
     * closes each event once per run, after its last merge and relabel: a run's closed document
     * in the feed (committed at a checkpoint, after the MongoDB sinks flushed) marks it done there.
     */
    public static long closedInFeed(EmbeddedKafka kafka, long expected) {
        return readCommitted(kafka, "event-updates", (int) expected, Duration.ofSeconds(3)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .filter(v -> v.contains("\"status\":\"closed\"") && !v.contains("\"firstPhotoId\":\"sentinel"))
                .count();
    }

    /**
     * The sum over every subtask of the job's metrics named {@code name}, read through the Flink
     * REST API (what the web UI and the reporters see).
     */
    public static long jobMetric(org.apache.flink.configuration.Configuration client, org.apache.flink.api.common.JobID job,
            String name) throws Exception {
        String base = jobUrl(client, job);
        java.util.function.Function<String, com.fasterxml.jackson.databind.JsonNode> get = ProductionRig::restGet;
        long sum = 0;
        for (var vertex : get.apply(base).path("vertices")) {
            String metrics = base + "/vertices/" + vertex.path("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            get.apply(metrics).forEach(m -> {
                if (m.path("id").asText().endsWith("." + name)) {
                    ids.add(m.path("id").asText());
                }
            });
            if (!ids.isEmpty()) {
                for (var m : get.apply(metrics + "?get=" + String.join(",", ids))) {
                    sum += (long) Double.parseDouble(m.path("value").asText("0"));
                }
            }
        }
        return sum;
    }

    /**
     * How often the job has restarted (its {@code numRestarts} metric, through the Flink REST API);
     * -1 before the metric is reported.
     */
    static long restarts(org.apache.flink.configuration.Configuration client, org.apache.flink.api.common.JobID job) {
        for (var m : restGet(jobUrl(client, job) + "/metrics?get=numRestarts")) {
            return (long) Double.parseDouble(m.path("value").asText("-1"));
        }
        return -1;
    }

    /**
     * Waits until photos.eventId equals {@code expected}; fails at once if the job restarts
     * meanwhile (bad input must never cost a restart).
     */
    static void awaitClusteredWithoutRestart(org.apache.flink.configuration.Configuration client,
            org.apache.flink.core.execution.JobClient job, String mongoUri, String database, Map<String, String> expected) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .failFast("the job restarted", () -> restarts(client, job.getJobID()) > 0)
                .until(() -> eventIds(mongoUri, database).equals(expected));
    }

    /** A header's value as text; null when the record has none of that name. */
    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String jobUrl(org.apache.flink.configuration.Configuration client, org.apache.flink.api.common.JobID job) {
        return "http://" + client.get(org.apache.flink.configuration.RestOptions.ADDRESS) + ":"
                + client.get(org.apache.flink.configuration.RestOptions.PORT) + "/jobs/" + job;
    }

    private static com.fasterxml.jackson.databind.JsonNode restGet(String url) {
        try {
            return JSON.readTree(HTTP.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(url, e);
        }
    }

    /** A consumer of a group of its own, from the beginning, of committed records only. */
    static KafkaConsumer<byte[], byte[]> committedReader(EmbeddedKafka kafka) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every committed record of a topic (read_committed), from the beginning. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(EmbeddedKafka kafka, String topic, int atLeast, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(kafka)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                int before = out.size();
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
                if (out.size() != before) {
                    quietSince = System.nanoTime();
                } else if (out.size() >= atLeast && System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
                    break; // have what was asked and nothing more is coming
                }
            }
        }
        return out;
    }
}
