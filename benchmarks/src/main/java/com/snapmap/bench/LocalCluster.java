package com.snapmap.bench;

import com.snapmap.job.io.StateBackendKind;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.IOMetrics;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink MiniCluster in this JVM that the harness owns, so that after a job it can still read the
 * archived execution graph: every subtask's {@code numRecordsIn} and the checkpoint statistics.
 */
public final class LocalCluster implements AutoCloseable {

    private final MiniCluster cluster;

    public LocalCluster(int slots, StateBackendKind state) throws Exception {
        Configuration conf = state.applyTo(new Configuration());
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
    }

    /**
     * Runs the job to its end, or cancels it after {@code timeout}, and reads back what it did; a
     * cancelled run reports the records its first stage after the source took in so far.
     */
    public JobRun run(StreamGraph graph, Duration timeout) throws Exception {
        JobGraph job = graph.getJobGraph();
        TaskCpu taskCpu = new TaskCpu();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        boolean finished = true;
        JobResult outcome;
        try {
            cluster.submitJob(job).get();
            try {
                outcome = cluster.requestJobResult(job.getJobID()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                finished = false;
                cluster.cancelJob(job.getJobID()).get();
                outcome = cluster.requestJobResult(job.getJobID()).get();
            }
        } finally {
            taskCpu.stop();
        }
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        java.util.Map<String, Long> cpuByTask = taskCpu.stop();
        ArchivedExecutionGraph archived = cluster.getArchivedExecutionGraph(job.getJobID()).get();
        long firstRunning = Long.MAX_VALUE;
        long lastFinished = Long.MIN_VALUE;
        for (AccessExecutionVertex sub : archived.getAllExecutionVertices()) {
            firstRunning = Math.min(firstRunning, sub.getStateTimestamp(ExecutionState.RUNNING));
            lastFinished = Math.max(lastFinished, Math.max(sub.getStateTimestamp(ExecutionState.FINISHED),
                    sub.getStateTimestamp(ExecutionState.CANCELED)));
        }
        // Job submission and task deployment are fixed costs of a MiniCluster, not of the graph.
        long processing = firstRunning > 0 && lastFinished > firstRunning ? (lastFinished - firstRunning) * 1_000_000 : wall;
        List<SubtaskCounts> stages = new ArrayList<>();
        for (AccessExecutionJobVertex v : archived.getVerticesTopologically()) {
            List<Long> in = new ArrayList<>();
            for (AccessExecutionVertex sub : v.getTaskVertices()) {
                IOMetrics m = sub.getCurrentExecutionAttempt().getIOMetrics();
                in.add(m == null ? 0L : m.getNumRecordsIn());
            }
            stages.add(new SubtaskCounts(v.getName(), in));
        }
        // A failed job throws here, with its cause.
        JobExecutionResult result = finished ? outcome.toJobExecutionResult(getClass().getClassLoader()) : null;
        return new JobRun(processing, cpu, result, stages, archived.getCheckpointStatsSnapshot(), finished, cpuByTask);
    }

    /** CPU time of the whole process: the MiniCluster's tasks run in it. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public MiniCluster miniCluster() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
