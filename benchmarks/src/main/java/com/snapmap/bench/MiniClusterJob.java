package com.snapmap.bench;

import com.snapmap.job.ClusteringJobMain;
import com.snapmap.job.prod.JobSettings;
import com.snapmap.job.prod.ProductionJob;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The production job graph ({@link ProductionJob#build}) on a MiniCluster of this JVM. */
public final class MiniClusterJob implements EndToEndJob {

    private final LocalCluster cluster;
    private JobID job;

    public MiniClusterJob(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** The job's id (hex), once submitted. */
    public String jobId() {
        return job.toHexString();
    }

    @Override
    public void submit(Map<String, String> settings, int parallelism) throws Exception {
        JobSettings s = JobSettings.of(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ClusteringJobMain.restartStrategy(s));
        env.setParallelism(parallelism);
        ProductionJob.build(env, s);
        job = cluster.miniCluster().submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
    }

    @Override
    public void failIfEnded() {
        try {
            if (cluster.miniCluster().getJobStatus(job).get().isGloballyTerminalState()) {
                cluster.miniCluster().requestJobResult(job).get().toJobExecutionResult(getClass().getClassLoader());
                throw new IllegalStateException("the end-to-end job ended early");
            }
        } catch (Exception e) {
            throw new IllegalStateException("the end-to-end job failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        if (job != null) {
            cluster.miniCluster().cancelJob(job).get();
        }
    }
}
