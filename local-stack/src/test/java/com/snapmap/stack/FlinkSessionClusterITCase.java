package com.snapmap.stack;

import com.snapmap.stack.FlinkSessionCluster.Handle;
import com.snapmap.stack.testjob.KeyedCounterJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts a real standalone session cluster (JobManager and TaskManager as separate JVMs from
 * target/flink-lib), submits a stateful job at parallelism 2, stops it with a savepoint,
 * restores it from that savepoint at parallelism 4, and stops the cluster.
 */
class FlinkSessionClusterITCase {

    private static final Path LIB = Path.of(System.getProperty("snapmap.flink.lib", "target/flink-lib"));
    private static final Path CONF = Path.of(System.getProperty("snapmap.flink.conf", "../flink-conf"));
    private static final Path TEST_CLASSES = Path.of(System.getProperty("snapmap.test.classes", "target/test-classes"));
    private static final Path WORK = Path.of(System.getProperty("snapmap.work.dir", "target/it-work"))
            .resolve("cluster-" + System.currentTimeMillis());
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(2);

    private static FlinkSessionCluster cluster;
    private static Handle handle;

    @BeforeAll
    static void startCluster() {
        cluster = new FlinkSessionCluster(new WorkDir(WORK), LIB);
        // Never leave JM/TM processes behind, even if the test JVM is terminated.
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop));
        long t0 = System.nanoTime();
        handle = cluster.start(CONF, Map.of(), Duration.ofSeconds(120));
        System.out.printf("[it] cluster ready in %.1f s at %s%n", (System.nanoTime() - t0) / 1e9, handle.restUrl());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void submitStopWithSavepointAndRestoreAtNewParallelism() throws Exception {
        assertThat(ProcessInspection.isAlive(handle.jobManagerPid(), FlinkJvmLauncher.JM_MAIN)).isTrue();
        assertThat(ProcessInspection.isAlive(handle.taskManagerPid(), FlinkJvmLauncher.TM_MAIN)).isTrue();
        assertThat(handle.slots()).isGreaterThanOrEqualTo(4);
        FlinkRestClient rest = new FlinkRestClient(handle.restUrl());
        Path jar = packageTestJob(WORK.resolve("keyed-counter-job.jar"));

        String first = rest.submit(jar, null, List.of("20"), 2, null);
        awaitFullyRunning(rest, first);
        assertThat(rest.job(first).path("vertices").get(0).path("parallelism").asInt()).isEqualTo(2);

        String savepoint = rest.stopWithSavepoint(first, null, SAVEPOINT_TIMEOUT);
        System.out.println("[it] stop-with-savepoint -> " + savepoint);
        assertThat(Files.isRegularFile(Path.of(URI.create(savepoint)).resolve("_metadata"))).isTrue();
        assertThat(Path.of(URI.create(savepoint)).startsWith(cluster.workDir().savepointsDir())).isTrue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> rest.job(first).path("state").asText(), "FINISHED"::equals);

        String second = rest.submit(jar, KeyedCounterJob.class.getName(), List.of("20"), 4, savepoint);
        awaitFullyRunning(rest, second);
        assertThat(rest.job(second).path("vertices").get(0).path("parallelism").asInt()).isEqualTo(4);
        assertThat(rest.restoredFrom(second)).contains(savepoint);
        assertThat(rest.jobs()).anySatisfy(j -> {
            assertThat(j.id()).isEqualTo(second);
            assertThat(j.state()).isEqualTo("RUNNING");
        });
        System.out.printf("[it] RSS jobmanager %d MiB, taskmanager %d MiB%n",
                ProcessInspection.rssKiB(handle.jobManagerPid()) / 1024,
                ProcessInspection.rssKiB(handle.taskManagerPid()) / 1024);

        // The operator CLI against the same cluster (found through the work dir's cluster.properties).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("SNAPMAP_FLINK_WORK_DIR", WORK.toString());
        assertThat(FlinkClusterCommand.run(new String[] {"flink-status"}, ps, System.err, env)).isZero();
        assertThat(FlinkClusterCommand.run(new String[] {"jobs"}, ps, System.err, env)).isZero();
        assertThat(FlinkClusterCommand.run(new String[] {"cancel", second}, ps, System.err, env)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("taskmanager pid " + handle.taskManagerPid() + " running")
                .contains(second + "  RUNNING  snapmap-keyed-counter-test")
                .contains("cancelled " + second);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> rest.job(second).path("state").asText(), "CANCELED"::equals);

        assertThat(cluster.stop()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ProcessHandle.of(handle.jobManagerPid()).map(ProcessHandle::isAlive).orElse(false) == false
                        && ProcessHandle.of(handle.taskManagerPid()).map(ProcessHandle::isAlive).orElse(false) == false);
        assertThat(Files.exists(cluster.workDir().pidFile("jobmanager"))).isFalse();
        assertThat(FlinkSessionCluster.read(cluster.workDir())).isEmpty();
    }

    private static void awaitFullyRunning(FlinkRestClient rest, String jobId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> rest.isFullyRunning(jobId));
    }

    /** Jars the test job's classes from test-classes, with it as Main-Class. */
    static Path packageTestJob(Path jar) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, KeyedCounterJob.class.getName());
        Path pkg = TEST_CLASSES.resolve(KeyedCounterJob.class.getPackageName().replace('.', '/'));
        Files.createDirectories(jar.getParent());
        try (OutputStream fos = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(fos, mf);
             Stream<Path> files = Files.walk(pkg)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(TEST_CLASSES.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
