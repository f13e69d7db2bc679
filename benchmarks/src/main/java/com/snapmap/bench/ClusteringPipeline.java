package com.snapmap.bench;

import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.ClusteringGraph;
import com.snapmap.job.ClusteringStreams;
import com.snapmap.job.io.FileClusteringRun;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The production graph ({@link ClusteringGraph#build}) from the upload file to discarding sinks
 * that count what the MongoDB sinks would be sent: one write model per photo write and one per
 * event document.
 */
public final class ClusteringPipeline {

    public static final String PHOTO_WRITES = "photo-writes";
    public static final String EVENT_DOCUMENTS = "event-documents";
    public static final String TOO_LATE = "too-late";

    private ClusteringPipeline() {}

    public static StreamGraph build(Path input, ClusteringConfig config, int parallelism, long checkpointMillis) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(parallelism);
        if (checkpointMillis > 0) {
            env.enableCheckpointing(checkpointMillis);
        }
        ClusteringStreams out = ClusteringGraph.build(FileClusteringRun.source(env, input, config), config);
        out.photoWrites.addSink(new CountingDiscard<>(PHOTO_WRITES)).name("discard photo writes");
        out.events.addSink(new CountingDiscard<>(EVENT_DOCUMENTS)).name("discard event documents");
        out.deadLetters.addSink(new CountingDiscard<>("dead-letters")).name("discard dead letters");
        out.tooLate.addSink(new CountingDiscard<>(TOO_LATE)).name("discard too late");
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("bench-clustering-graph");
        return graph;
    }
}
