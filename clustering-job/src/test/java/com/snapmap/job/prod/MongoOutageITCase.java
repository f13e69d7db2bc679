package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.MiniClusters;
import com.snapmap.testkit.EmbeddedMongo;
import com.snapmap.testkit.FreePorts;
import com.snapmap.testkit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB down for longer than the job's old restart budget (a fixed delay, 5 attempts, never
 * reset: the sixth failure ended the job FAILED): with the job's own strategy (exponential
 * back-off, unbounded attempts; here in milliseconds instead of seconds) the outage costs restarts,
 * more than five, and the job is RUNNING after it; every photo published during the outage gets
 * its event once MongoDB is back, the partition equal to the reference clusterer's.
 */
class MongoOutageITCase {

    @RegisterExtension
    @Order(1)
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.create();

    @RegisterExtension
    @Order(2)
    static final KafkaExtension KAFKA = new KafkaExtension();

    /** The old strategy's attempts: an outage that fails the job more often than this ended it. */
    private static final int OLD_BUDGET = 5;

    @TempDir
    Path dir;

    private EmbeddedMongo mongo;
    private JobClient job;

    @AfterEach
    void stop() throws Exception {
        if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
            job.cancel().get();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void anOutageOfMoreRestartsThanTheOldBudgetCostsOnlyADelay() throws Exception {
        KAFKA.broker().createTopics(ProductionRig.PARTITIONS, "photo-uploads");
        KAFKA.broker().createTopics(1, "photo-uploads-dlq", "event-updates");
        List<Photo> photos = new CityStreamGenerator(48.85, 2.35, 1_200, 1_714_521_600_000L, 3_600_000L).generate(7, 240, 0.7, "o");
        Clustering reference = new ReferenceClusterer(ClusteringConfig.defaults().linkRule()).cluster(photos);
        Path h2 = dir.resolve("mongo.h2");
        int port = FreePorts.next();
        mongo = new EmbeddedMongo().start(h2, port);
        String readUri = mongo.connectionString(); // the test's reads: the driver's own (long) timeouts
        // The job's client gives up within a fraction of a second, so each restart fails fast.
        String jobUri = readUri + "/?serverSelectionTimeoutMS=100&connectTimeoutMS=2000&socketTimeoutMS=5000";
        JobSettings settings = ProductionRig.settings(KAFKA.broker(), jobUri, "out", "out", "earliest",
                Map.of("restart.attempts", Integer.toString(Integer.MAX_VALUE))); // production's: unbounded

        List<Photo> duringOutage = photos.subList(120, photos.size());
        long outage;
        long restartsInOutage;
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(KAFKA.broker())) {
            job = ProductionRig.start(settings, 1, null, readUri);
            ProductionRig.send(producer, photos.subList(0, 120));
            await().atMost(Duration.ofSeconds(60)).until(() -> ProductionRig.eventIds(readUri, "out").size() >= 60
                    && ProductionRig.restarts(MINI_CLUSTER.getClientConfiguration(), job.getJobID()) >= 0);

            long before = ProductionRig.restarts(MINI_CLUSTER.getClientConfiguration(), job.getJobID());
            mongo.close();
            long down = System.nanoTime();
            ProductionRig.send(producer, duringOutage);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ProductionRig.restarts(MINI_CLUSTER.getClientConfiguration(), job.getJobID()) - before > OLD_BUDGET
                            || job.getJobStatus().get().isGloballyTerminalState());
            assertThat(job.getJobStatus().get()).as("the job, %d restarts into the outage",
                    ProductionRig.restarts(MINI_CLUSTER.getClientConfiguration(), job.getJobID()) - before).isNotEqualTo(JobStatus.FAILED);
            mongo = new EmbeddedMongo().start(h2, port);
            outage = System.nanoTime() - down;
            restartsInOutage = ProductionRig.restarts(MINI_CLUSTER.getClientConfiguration(), job.getJobID()) - before;
            ProductionRig.sendSentinels(producer, photos.get(photos.size() - 1).takenAt);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ProductionRig.eventIds(readUri, "out").equals(reference.eventOfPhoto()));
        }
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(restartsInOutage).isGreaterThan(OLD_BUDGET);
        Map<String, String> eventIds = ProductionRig.eventIds(readUri, "out");
        duringOutage.forEach(p -> assertThat(eventIds.get(p.photoId)).as(p.photoId).isEqualTo(reference.eventOfPhoto().get(p.photoId)));
        System.out.printf("MongoDB down %.1f s: %d restarts during the outage, %d in all, job RUNNING%n", outage / 1e9,
                restartsInOutage, ProductionRig.restarts(MINI_CLUSTER.getClientConfiguration(), job.getJobID()));
    }
}
