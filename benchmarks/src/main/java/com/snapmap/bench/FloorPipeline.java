package com.snapmap.bench;

import com.snapmap.core.Photo;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.io.FileClusteringRun;
import com.snapmap.job.model.SourceRecord;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The hardware floor: the same file source as the graph, which parses each line (the same JSON
 * parse), then as many keyed shuffles as the graph has, each doing one trivial keyed-state update,
 * then a discarding sink. What the graph costs beyond it is our own logic.
 */
public final class FloorPipeline {

    private FloorPipeline() {}

    public static StreamGraph build(Path input, ClusteringConfig config, int parallelism, int shuffles) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(parallelism);
        env.setMaxParallelism(config.maxParallelism());
        DataStream<Photo> photos = FileClusteringRun.source(env, input, config)
                .map(new ToPhoto()).returns(Photo.class).setParallelism(1).name("to photo");
        for (int i = 0; i < shuffles; i++) {
            photos = photos.keyBy(p -> p.photoId, TypeInformation.of(String.class))
                    .process(new TouchKeyedState()).returns(Photo.class).name("keyed state " + (i + 1));
        }
        photos.addSink(new CountingDiscard<>("floor-out")).name("discard");
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("bench-floor-" + shuffles + "-shuffles");
        return graph;
    }

    /** The parsed event as a photo; the floor's input has no bad record, and one would fail it. */
    static final class ToPhoto implements MapFunction<SourceRecord, Photo> {
        private static final long serialVersionUID = 1L;

        @Override
        public Photo map(SourceRecord r) {
            if (r.event == null) {
                throw new IllegalArgumentException("bad record in the floor's input: " + r.bad.origin() + " " + r.bad.message());
            }
            return r.event.toPhoto();
        }
    }
}
