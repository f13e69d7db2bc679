package com.snapmap.bench;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.FlinkRestClient.FlinkRestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The job jar on a standalone Flink session cluster, submitted over its REST API as {@code
 * ./snapmap up} submits it: {@code ClusteringJobMain} with the settings as {@code --key value}
 * program arguments.
 */
public final class StandaloneClusterJob implements EndToEndJob {

    private static final Set<String> ENDED = Set.of("FAILED", "CANCELED", "CANCELLING", "FINISHED", "SUSPENDED");

    private final FlinkRestClient rest;
    private final Path jobJar;
    private final Duration startTimeout;
    private String jobId;

    public StandaloneClusterJob(FlinkRestClient rest, Path jobJar, Duration startTimeout) {
        this.rest = rest;
        this.jobJar = jobJar;
        this.startTimeout = startTimeout;
    }

    /** The job's id on the cluster, once submitted. */
    public String jobId() {
        return jobId;
    }

    /** Submits the jar and returns once every task of the job runs. */
    @Override
    public void submit(Map<String, String> settings, int parallelism) {
        jobId = rest.submit(jobJar, null, programArgs(settings), parallelism, null);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!rest.isFullyRunning(jobId)) {
            failIfEnded();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job " + jobId + " was not running within " + startTimeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    @Override
    public void failIfEnded() {
        String state = rest.job(jobId).path("state").asText();
        if (ENDED.contains(state)) {
            throw new IllegalStateException("the job on the standalone cluster is " + state
                    + rest.rootException(jobId).map(e -> ": " + e).orElse(""));
        }
    }

    @Override
    public void close() {
        if (jobId != null) {
            try {
                rest.cancel(jobId);
            } catch (FlinkRestException e) {
                // already ended; the cluster is stopped next anyway
            }
        }
    }

    /** {@code --key value} for each setting, in the map's order: what {@code JobSettings.fromArgs} reads. */
    static List<String> programArgs(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        return args;
    }
}
