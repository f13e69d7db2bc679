package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The production job's MongoDB sinks are tasks of their own, chained to nothing: the task feeding
 * one (the photo labeler) is not stalled while a bulk is in flight, and Flink's busy and
 * back-pressured times tell its own work from the wait on MongoDB (docs/BENCHMARKS.md). Builds the
 * job graph, nothing runs.
 */
class SinkTasksTest {

    @Test
    void eachMongoDbSinkIsATaskOfItsOwn() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        ProductionJob.build(env, JobSettings.fromArgs(new String[] {
                "--kafka.bootstrap-servers", "127.0.0.1:9092", "--mongo.uri", "mongodb://127.0.0.1:27017"}));

        List<String> tasks = new ArrayList<>();
        for (JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
            if (v.getName().contains("MongoDB")) {
                tasks.add(v.getName());
            }
        }
        assertThat(tasks).containsExactlyInAnyOrder("MongoDB photos.eventId: Writer", "MongoDB events: Writer");
    }
}
