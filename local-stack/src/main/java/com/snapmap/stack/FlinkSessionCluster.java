package com.snapmap.stack;

import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real standalone Flink session cluster made of two JVM processes started from the jars in
 * {@code local-stack/target/flink-lib}: a JobManager and one TaskManager, launched the way
 * Flink's {@code bin/jobmanager.sh} / {@code bin/taskmanager.sh} do ({@link FlinkJvmLauncher}).
 * The processes outlive the JVM that started them; pid files and {@code cluster.properties} in
 * the work dir let another process query or stop them.
 */
public final class FlinkSessionCluster {

    private final WorkDir workDir;
    private final FlinkJvmLauncher launcher;
    /** What start() launched, kept so a supervisor can watch each process and relaunch it alike. */
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> launchArgs = new ConcurrentHashMap<>();
    private volatile Handle handle;

    public FlinkSessionCluster(WorkDir workDir, Path libDir) {
        this.workDir = workDir;
        this.launcher = new FlinkJvmLauncher(workDir, libDir.toAbsolutePath().normalize());
    }

    public WorkDir workDir() {
        return workDir;
    }

    /** What a started cluster is: its REST URL and process ids. */
    public record Handle(String restUrl, long jobManagerPid, long taskManagerPid, int slots) {}

    /**
     * Generates the config dir from {@code sourceConfDir}, starts JM and TM, and returns once the
     * REST API reports one TaskManager with all its slots.
     */
    public Handle start(Path sourceConfDir, Map<String, String> overrides, Duration timeout) {
        launcher.requireRuntimeJars();
        Optional<Handle> running = read(workDir);
        if (running.isPresent() && (ProcessInspection.isAlive(running.get().jobManagerPid(), FlinkJvmLauncher.JM_MAIN)
                || ProcessInspection.isAlive(running.get().taskManagerPid(), FlinkJvmLauncher.TM_MAIN))) {
            throw new IllegalStateException("a cluster is already running from " + workDir.root()
                    + " at " + running.get().restUrl() + " (stop it first)");
        }
        Configuration conf = LocalFlinkConfig.generate(sourceConfDir, workDir, overrides);
        String restUrl = "http://127.0.0.1:" + conf.getString("rest.port", "8081");
        int slots = Integer.parseInt(conf.getString("taskmanager.numberOfTaskSlots", "4"));
        long deadline = System.nanoTime() + timeout.toNanos();

        // Both memory calculations at once (each is a short JVM run), and both before any
        // process starts, so a bad memory setting leaves nothing running.
        CompletableFuture<List<String>> tmFuture =
                CompletableFuture.supplyAsync(() -> launcher.bashJavaUtils("GET_TM_RESOURCE_PARAMS"));
        List<String> jmParams = launcher.bashJavaUtils("GET_JM_RESOURCE_PARAMS");
        List<String> tmParams;
        try {
            tmParams = tmFuture.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        launchArgs.put("jobmanager", jmParams);
        launchArgs.put("taskmanager", tmParams);
        launchArgs.put("jobmanager.opts", FlinkJvmLauncher.javaOpts(conf, "jobmanager"));
        launchArgs.put("taskmanager.opts", FlinkJvmLauncher.javaOpts(conf, "taskmanager"));
        Process jm = launchRole("jobmanager");
        Process tm;
        try {
            tm = launchRole("taskmanager");
            handle = new Handle(restUrl, jm.pid(), tm.pid(), slots);
            write(handle);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }

        FlinkRestClient rest = new FlinkRestClient(restUrl);
        while (true) {
            for (Process p : List.of(jm, tm)) {
                if (!p.isAlive()) {
                    String role = p == jm ? "jobmanager" : "taskmanager";
                    stop();
                    throw new IllegalStateException(role + " exited with code " + p.exitValue()
                            + " during start-up; see " + workDir.logDir().resolve(role + ".log"));
                }
            }
            Optional<int[]> tmSlots = rest.taskManagersAndSlots();
            if (tmSlots.isPresent() && tmSlots.get()[0] >= 1 && tmSlots.get()[1] >= slots) {
                return handle;
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("cluster not ready within " + timeout.toSeconds()
                        + " s; see logs in " + workDir.logDir());
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** The process start() (or restart()) launched for {@code role}, if this instance launched it. */
    public Optional<Process> process(String role) {
        return Optional.ofNullable(processes.get(role));
    }

    /**
     * Launches {@code role} ("jobmanager" or "taskmanager") again, with the configuration, memory
     * flags and ports of {@link #start}: a supervisor's answer to a crashed process. The old one
     * must be dead. A new TaskManager registers with the JobManager by itself; a new JobManager
     * comes back on the same REST and RPC ports (without its jobs: no HA here).
     */
    public synchronized Handle restart(String role) {
        if (handle == null) {
            throw new IllegalStateException("restart needs a cluster started by this instance");
        }
        Process p = launchRole(role);
        handle = role.equals("jobmanager")
                ? new Handle(handle.restUrl(), p.pid(), handle.taskManagerPid(), handle.slots())
                : new Handle(handle.restUrl(), handle.jobManagerPid(), p.pid(), handle.slots());
        write(handle);
        return handle;
    }

    private Process launchRole(String role) {
        Process p = launcher.launch(role, launchArgs.get(role), launchArgs.get(role + ".opts"));
        processes.put(role, p);
        writePid(role, p.pid());
        return p;
    }

    /** Stops TM then JM (SIGTERM, then SIGKILL after 30 s); true if something was running. */
    public boolean stop() {
        boolean any = false;
        for (String role : List.of("taskmanager", "jobmanager")) {
            Path pidFile = workDir.pidFile(role);
            Optional<Long> pid = ProcessInspection.readPid(pidFile);
            if (pid.isPresent()) {
                Optional<ProcessHandle> ph = ProcessHandle.of(pid.get());
                if (ph.isPresent() && ProcessInspection.isAlive(pid.get(), FlinkJvmLauncher.mainClass(role))) {
                    any = true;
                    ph.get().destroy();
                    try {
                        ph.get().onExit().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        ph.get().destroyForcibly();
                        ph.get().onExit().join();
                    }
                }
            }
            deleteQuietly(pidFile);
        }
        deleteQuietly(workDir.clusterFile());
        return any;
    }

    /** The cluster recorded in the work dir, if any (its processes may be dead). */
    public static Optional<Handle> read(WorkDir workDir) {
        Path f = workDir.clusterFile();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        return Optional.of(new Handle(p.getProperty("rest.url"),
                Long.parseLong(p.getProperty("jobmanager.pid", "-1")),
                Long.parseLong(p.getProperty("taskmanager.pid", "-1")),
                Integer.parseInt(p.getProperty("slots", "0"))));
    }

    // ---- pid and state files ----------------------------------------------------------------

    private void writePid(String role, long pid) {
        writeString(workDir.pidFile(role), pid + "\n");
    }

    private void write(Handle h) {
        Properties p = new Properties();
        p.setProperty("rest.url", h.restUrl());
        p.setProperty("jobmanager.pid", Long.toString(h.jobManagerPid()));
        p.setProperty("taskmanager.pid", Long.toString(h.taskManagerPid()));
        p.setProperty("slots", Integer.toString(h.slots()));
        try (OutputStream out = Files.newOutputStream(workDir.clusterFile())) {
            p.store(out, "SnapMap local Flink session cluster");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + workDir.clusterFile(), e);
        }
    }

    private static void writeString(Path f, String s) {
        try {
            Files.writeString(f, s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // best effort
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
