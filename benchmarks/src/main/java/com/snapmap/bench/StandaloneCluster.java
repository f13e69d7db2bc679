package com.snapmap.bench;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.FlinkSessionCluster;
import com.snapmap.stack.WorkDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster, a JobManager and a TaskManager JVM started from the
 * Flink jars of {@code local-stack/target/flink-lib} with {@code flink-conf/} and the local
 * overrides {@code ./snapmap up} runs with ({@link FlinkSessionCluster}); stopped at close, or when
 * this JVM exits first, so that no Flink process outlives the harness.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** System properties naming what the cluster needs; the defaults are relative to the repository root. */
    public static final String LIB = "snapmap.flink.lib";
    public static final String CONF = "snapmap.flink.conf";
    public static final String JOB_JAR = "snapmap.job.jar";

    private final FlinkSessionCluster cluster;
    private final FlinkSessionCluster.Handle handle;
    private final Thread stopAtExit;

    private StandaloneCluster(FlinkSessionCluster cluster, FlinkSessionCluster.Handle handle, Thread stopAtExit) {
        this.cluster = cluster;
        this.handle = handle;
        this.stopAtExit = stopAtExit;
    }

    /** Starts the cluster in {@code workDir} and returns once its TaskManager has registered all its slots. */
    public static StandaloneCluster start(Path workDir, Duration timeout) {
        FlinkSessionCluster cluster = new FlinkSessionCluster(new WorkDir(workDir), libDir());
        Thread stopAtExit = new Thread(cluster::stop, "stop-standalone-flink");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        try {
            return new StandaloneCluster(cluster, cluster.start(confDir(), Map.of(), timeout), stopAtExit);
        } catch (RuntimeException e) {
            cluster.stop();
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
            throw e;
        }
    }

    /** What is missing for {@link #start} and the job, if anything (they are built by {@code ./snapmap bench}). */
    public static Optional<String> missing() {
        if (!Files.isDirectory(libDir())) {
            return Optional.of("no Flink lib folder " + libDir());
        }
        if (!Files.isRegularFile(confDir().resolve("config.yaml"))) {
            return Optional.of("no " + confDir().resolve("config.yaml"));
        }
        return Files.isRegularFile(jobJar()) ? Optional.empty() : Optional.of("no job jar " + jobJar());
    }

    static Path libDir() {
        return Path.of(System.getProperty(LIB, "local-stack/target/flink-lib"));
    }

    static Path confDir() {
        return Path.of(System.getProperty(CONF, "flink-conf"));
    }

    /** The job jar: the property, else the one clustering-job's package phase left in its target folder. */
    public static Path jobJar() {
        String given = System.getProperty(JOB_JAR);
        if (given != null) {
            return Path.of(given);
        }
        Path target = Path.of("clustering-job/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("clustering-job-.*-job\\.jar")).findFirst()
                    .orElse(target.resolve("clustering-job-job.jar"));
        } catch (IOException e) {
            return target.resolve("clustering-job-job.jar");
        }
    }

    public FlinkRestClient rest() {
        return new FlinkRestClient(handle.restUrl());
    }

    /** CPU time the TaskManager process has used so far, in nanoseconds (-1 where the OS does not say). */
    public long taskManagerCpuNanos() {
        return cpuNanos(handle.taskManagerPid());
    }

    /** CPU time the JobManager process has used so far, in nanoseconds (-1 where the OS does not say). */
    public long jobManagerCpuNanos() {
        return cpuNanos(handle.jobManagerPid());
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    @Override
    public void close() {
        try {
            cluster.stop();
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        }
    }
}
