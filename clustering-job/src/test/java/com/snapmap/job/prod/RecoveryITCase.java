package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.job.ClusteringConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager dies after completed checkpoints, then the job is stopped with a savepoint and
 * restored at another parallelism: the final MongoDB state, the committed event-updates and the
 * DLQ are those of an uninterrupted run (the reference clusterer; each bad record exactly once).
 */
class RecoveryITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    @TempDir
    Path savepoints;

    @Test
    void survivesATaskManagerLossAndASavepointRestoreAtNewParallelism(@InjectMiniCluster MiniCluster cluster) throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, "photo-uploads");
        STACK.kafka().broker().createTopics(1, "photo-uploads-dlq", "event-updates");
        List<Photo> photos = new CityStreamGenerator(48.85, 2.35, 1_200, 1_714_521_600_000L, 3 * 3_600_000L)
                .generate(21, 1_200, 0.7, "r");
        Clustering reference = new ReferenceClusterer(ClusteringConfig.defaults().linkRule()).cluster(photos);
        List<Photo> firstHalf = photos.subList(0, 600);
        List<Photo> secondHalf = photos.subList(600, photos.size());
        JobSettings settings = ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), "rec", "rec", "committed");

        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            ProductionRig.send(producer, firstHalf);
            producer.send(new ProducerRecord<>("photo-uploads", null, "not json".getBytes(StandardCharsets.UTF_8))).get();

            JobClient job = ProductionRig.start(settings, 2, null);
            await().atMost(Duration.ofMinutes(2)).until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "rec").size() > 100);
            awaitCheckpoints(cluster, job, 2);

            // Kill the only TaskManager and bring up a fresh one: the job restarts from its checkpoint.
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            await().atMost(Duration.ofMinutes(1)).until(() ->
                    cluster.getArchivedExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING) > 0);
            await().atMost(Duration.ofMinutes(2)).until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
            awaitCheckpoints(cluster, job, 1);

            String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();

            ProductionRig.send(producer, secondHalf);
            producer.send(new ProducerRecord<>("photo-uploads", null, "{\"photoId\":\"z\"}".getBytes(StandardCharsets.UTF_8))).get();
            ProductionRig.sendSentinels(producer, photos.get(photos.size() - 1).takenAt);

            JobClient restored = ProductionRig.start(settings, 4, savepoint);
            Map<String, String> expected = reference.eventOfPhoto();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "rec").equals(expected)
                            && closedLiveEvents(ProductionRig.events(STACK.mongo().connectionString(), "rec")) == reference.events().size());

            Map<String, Document> events = ProductionRig.events(STACK.mongo().connectionString(), "rec");
            reference.events().forEach((id, s) -> {
                assertThat(events).containsKey(id);
                assertThat(((Number) events.get(id).get("photoCount")).longValue()).isEqualTo(s.count);
            });
            Map<String, String> feed = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : ProductionRig.readCommitted(STACK.kafka().broker(), "event-updates", events.size(), Duration.ofSeconds(60))) {
                // Two operators may publish one id out of order: the highest version is the last word.
                String key = new String(r.key(), StandardCharsets.UTF_8);
                String value = new String(r.value(), StandardCharsets.UTF_8);
                String before = feed.get(key);
                if (before == null || com.snapmap.contract.EventJson.fromJson(value).version
                        >= com.snapmap.contract.EventJson.fromJson(before).version) {
                    feed.put(key, value);
                }
            }
            assertThat(feed.keySet()).containsAll(reference.events().keySet());
            reference.events().keySet().forEach(id -> assertThat(feed.get(id)).contains("\"status\":\"closed\""));
            // Exactly once: each bad record once, despite the crash and the restore.
            assertThat(ProductionRig.readCommitted(STACK.kafka().broker(), "photo-uploads-dlq", 2, Duration.ofSeconds(30))).hasSize(2);
            restored.cancel().get();
        }
    }

    private static long closedLiveEvents(Map<String, Document> events) {
        return events.values().stream()
                .filter(d -> d.get("mergedInto") == null && "closed".equals(d.getString("status"))).count();
    }

    private static void awaitCheckpoints(MiniCluster cluster, JobClient job, int more) {
        long[] start = {-1};
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var graph = cluster.getArchivedExecutionGraph(job.getJobID()).get();
            var stats = graph.getCheckpointStatsSnapshot();
            long completed = stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
            if (start[0] < 0) {
                start[0] = completed;
            }
            return completed >= start[0] + more;
        });
    }

}
