package com.snapmap.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.stack.FlinkSessionCluster.Handle;
import com.snapmap.testkit.KafkaExtension;
import com.snapmap.testkit.MongoExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The production job jar on a real standalone Flink cluster (JobManager and TaskManager JVMs),
 * reading a real Kafka broker and writing a MongoDB-wire server: half the stream, stop with a
 * savepoint, restore at another parallelism, the rest: photos.eventId equals the reference.
 */
class ClusteringJobOnClusterITCase {

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension();

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private static final Path LIB = Path.of(System.getProperty("snapmap.flink.lib", "target/flink-lib"));
    private static final Path CONF = Path.of(System.getProperty("snapmap.flink.conf", "../flink-conf"));
    private static final Path JOB_JAR = Path.of(System.getProperty("snapmap.job.jar", "../clustering-job/target/clustering-job-0.1.0-SNAPSHOT-job.jar"));
    private static final Path WORK = Path.of(System.getProperty("snapmap.work.dir", "target/it-work"))
            .resolve("job-" + System.currentTimeMillis());
    private static final UploadEventCodec CODEC = new UploadEventCodec();

    private static FlinkSessionCluster cluster;
    private static Handle handle;

    @BeforeAll
    static void startCluster() {
        assertThat(JOB_JAR).as("the job jar is built by clustering-job's package phase").exists();
        cluster = new FlinkSessionCluster(new WorkDir(WORK), LIB);
        handle = cluster.start(CONF, Map.of(), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void runsTheJobJarAndRestoresItFromASavepoint() throws Exception {
        KAFKA.broker().createTopics(4, "photo-uploads");
        KAFKA.broker().createTopics(1, "photo-uploads-dlq", "event-updates");
        List<Photo> photos = new CityStreamGenerator(52.52, 13.40, 1_000, 1_714_521_600_000L, 2 * 3_600_000L)
                .generate(3, 800, 0.7, "b");
        Clustering reference = new ReferenceClusterer(LinkRule.defaults()).cluster(photos);
        List<String> args = List.of("--kafka.bootstrap-servers", KAFKA.bootstrapServers(), "--mongo.uri", MONGO.connectionString(),
                "--mongo.database", "berlin", "--checkpoint.interval-ms", "1000", "--mongo.batch-interval-ms", "100",
                "--clustering.lateness-s", "600", "--clustering.out-of-orderness-s", "30", "--clustering.idleness-s", "60");
        FlinkRestClient rest = new FlinkRestClient(handle.restUrl());

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, photos.subList(0, 400));
            String first = rest.submit(JOB_JAR, null, args, 2, null);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> eventIds().size() > 100);
            String savepoint = rest.stopWithSavepoint(first, null, Duration.ofMinutes(2));
            assertThat(Files.isRegularFile(Path.of(java.net.URI.create(savepoint)).resolve("_metadata"))).isTrue();

            send(producer, photos.subList(400, photos.size()));
            long after = photos.get(photos.size() - 1).takenAt + Duration.ofDays(1).toMillis();
            for (int p = 0; p < 4; p++) { // push every partition's watermark past the data
                producer.send(new ProducerRecord<>("photo-uploads", p, null,
                        CODEC.toJson(new UploadEvent("sentinel-" + p, after, 10 + p, 10, null)).getBytes(StandardCharsets.UTF_8))).get();
            }
            String second = rest.submit(JOB_JAR, null, args, 3, savepoint);
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> rest.isFullyRunning(second));
            assertThat(rest.restoredFrom(second)).contains(savepoint);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> eventIds().equals(reference.eventOfPhoto()));
            rest.cancel(second);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, List<Photo> photos) {
        for (Photo p : photos) {
            producer.send(new ProducerRecord<>("photo-uploads", p.photoId.getBytes(StandardCharsets.UTF_8),
                    CODEC.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    private static Map<String, String> eventIds() {
        Map<String, String> out = new HashMap<>();
        try (MongoClient c = MongoClients.create(MONGO.connectionString())) {
            for (Document d : c.getDatabase("berlin").getCollection("photos").find()) {
                if (d.getString("eventId") != null && !d.getString("_id").startsWith("sentinel-")) { // sentinels are clustered at once too
                    out.put(d.getString("_id"), d.getString("eventId"));
                }
            }
        }
        return out;
    }
}
