package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.io.FileClusteringRun;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Every operator of the production job and of the file run has a uid and a name of its own
 * (docs/OPERATE.md, "Upgrade"): walks the built StreamGraph, nothing runs. The uids are part of
 * state format v1, so they are pinned here: a new operator must say its uid, and a renamed one fails.
 */
class OperatorUidsTest {

    /** What Flink calls an operator nobody named. */
    private static final Set<String> FLINK_DEFAULT_NAMES = Set.of("Map", "Filter", "Flat Map", "Process", "KeyedProcess",
            "Co-Process", "Co-Keyed-Process", "Sink: Unnamed", "Writer", "Committer", "Source: Custom Source");

    /** The operators the clustering graph itself builds, in every run. */
    private static final Map<String, String> GRAPH = Map.of(
            "parse-uploads", "Parse and validate uploads",
            "route-to-cells", "Route to home and halo regions",
            "route-erasures", "Erasures to the cold path",
            "cell-linker", "Cell linker",
            "event-registry", "Event registry (by region)",
            "border-merge-g5", "Border merge (geohash-5)",
            "border-merge-g3", "Border merge (geohash-3)",
            "border-merge", "Border merge (root)",
            "photo-labeler", "Photo labeler");

    @Test
    void everyOperatorOfTheProductionJobHasItsUidAndName() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ProductionJob.build(env, JobSettings.fromArgs(new String[] {
                "--kafka.bootstrap-servers", "127.0.0.1:9092", "--mongo.uri", "mongodb://127.0.0.1:27017"}));

        Map<String, String> expected = new TreeMap<>(GRAPH);
        expected.put("kafka-source", "Source: Kafka photo-uploads");
        expected.put("sink-mongo-photos", "MongoDB photos.eventId: Writer");
        expected.put("sink-mongo-events", "MongoDB events: Writer");
        expected.put("cold-path", "Cold path (late photos)");
        expected.put("hot-feed-filter", "Hot feed filter (behind the cold path)");
        expected.put("sink-kafka-event-updates", "Kafka event-updates: Writer");
        // Flink derives a committer's uid from its sink's (the committables in flight are its state).
        expected.put("Sink Committer: sink-kafka-event-updates", "Kafka event-updates: Committer");
        expected.put("sink-kafka-dlq", "Kafka photo-uploads-dlq: Writer");
        expected.put("Sink Committer: sink-kafka-dlq", "Kafka photo-uploads-dlq: Committer");
        assertThat(uidsAndNames(env.getStreamGraph())).isEqualTo(expected);
    }

    @Test
    void everyOperatorOfTheFileRunHasItsUidAndName() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FileClusteringRun.attach(env, Path.of("uploads.jsonl"), Path.of("work"), ClusteringConfig.defaults());

        Map<String, String> expected = new TreeMap<>(GRAPH);
        expected.put("file-source", "Source: upload-events-file");
        expected.put("sink-photo-writes", "Photo writes (file): Writer");
        expected.put("sink-events", "Event documents (file): Writer");
        expected.put("sink-dlq", "Dead letters (file): Writer");
        expected.put("sink-too-late", "Too late (file): Writer");
        assertThat(uidsAndNames(env.getStreamGraph())).isEqualTo(expected);
    }

    /** uid to name of every operator, after checking that each has both (a missing uid would be hidden by the map). */
    private static Map<String, String> uidsAndNames(StreamGraph graph) {
        Map<String, String> byUid = new TreeMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertThat(node.getTransformationUID()).as("uid of %s", node.getOperatorName()).isNotBlank();
            assertThat(node.getOperatorName()).as("name of %s", node.getTransformationUID())
                    .isNotBlank().isNotIn(FLINK_DEFAULT_NAMES);
            assertThat(byUid.put(node.getTransformationUID(), node.getOperatorName()))
                    .as("operators with uid %s", node.getTransformationUID()).isNull();
        }
        return byUid;
    }
}
