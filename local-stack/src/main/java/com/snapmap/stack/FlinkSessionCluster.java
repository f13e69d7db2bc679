package com.snapmap.stack;

import org.apache.flink.configuration.Configuration;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
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
 * {@code local-stack/target/flink-lib}: a JobManager ({@link #JM_MAIN}) and one TaskManager
 * ({@link #TM_MAIN}), launched the way Flink's {@code bin/jobmanager.sh} / {@code
 * bin/taskmanager.sh} do (memory flags from {@code BashJavaUtils}, {@code -Dlog.file}, {@code
 * env.java.opts.*}). The processes outlive the JVM that started them; pid files and {@code
 * cluster.properties} in the work dir let another process query or stop them.
 */
public final class FlinkSessionCluster {

    public static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    public static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    static final String EXEC_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /** Java 17 opens every Flink JVM needs (see STACK.md); also in config.yaml env.java.opts.all. */
    public static final List<String> JAVA17_OPENS = List.of(
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");

    private final WorkDir workDir;
    private final Path libDir;
    /** What start() launched, kept so a supervisor can watch each process and relaunch it alike. */
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> launchArgs = new ConcurrentHashMap<>();
    private volatile Handle handle;

    public FlinkSessionCluster(WorkDir workDir, Path libDir) {
        this.workDir = workDir;
        this.libDir = libDir.toAbsolutePath().normalize();
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
        if (listJars().stream().noneMatch(n -> n.startsWith("flink-runtime-"))) {
            throw new IllegalStateException("no Flink runtime jars in " + libDir
                    + " (build them: mvn -pl local-stack -am verify -DskipTests)");
        }
        Optional<Handle> running = read(workDir);
        if (running.isPresent() && (isAlive(running.get().jobManagerPid(), JM_MAIN)
                || isAlive(running.get().taskManagerPid(), TM_MAIN))) {
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
                CompletableFuture.supplyAsync(() -> bashJavaUtils("GET_TM_RESOURCE_PARAMS"));
        List<String> jmParams = bashJavaUtils("GET_JM_RESOURCE_PARAMS");
        List<String> tmParams;
        try {
            tmParams = tmFuture.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        launchArgs.put("jobmanager", jmParams);
        launchArgs.put("taskmanager", tmParams);
        launchArgs.put("jobmanager.opts", javaOpts(conf, "jobmanager"));
        launchArgs.put("taskmanager.opts", javaOpts(conf, "taskmanager"));
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
        Process p = launch(role, mainClass(role), launchArgs.get(role), launchArgs.get(role + ".opts"));
        processes.put(role, p);
        writePid(role, p.pid());
        return p;
    }

    /** Stops TM then JM (SIGTERM, then SIGKILL after 30 s); true if something was running. */
    public boolean stop() {
        boolean any = false;
        for (String role : List.of("taskmanager", "jobmanager")) {
            Path pidFile = workDir.pidFile(role);
            Optional<Long> pid = readPid(pidFile);
            if (pid.isPresent()) {
                Optional<ProcessHandle> ph = ProcessHandle.of(pid.get());
                if (ph.isPresent() && isAlive(pid.get(), mainClass(role))) {
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

    /** True if {@code pid} is alive and (where /proc exists) runs {@code mainClass}: guards against pid reuse. */
    public static boolean isAlive(long pid, String mainClass) {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (ph.isEmpty() || !ph.get().isAlive()) {
            return false;
        }
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        if (!Files.exists(cmdline)) {
            return true;
        }
        try {
            return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(mainClass);
        } catch (IOException e) {
            return false;
        }
    }

    /** Resident set size of a process in KiB (Linux), or -1. */
    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux or gone
        }
        return -1;
    }

    static String mainClass(String role) {
        return role.equals("jobmanager") ? JM_MAIN : TM_MAIN;
    }

    // ---- process launching -------------------------------------------------------------------

    private Process launch(String role, String mainClass, List<String> memoryParams, List<String> javaOpts) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(split(memoryParams.get(0)));
        cmd.addAll(javaOpts);
        cmd.addAll(logProps(role));
        cmd.add("-cp");
        cmd.add(libDir + File.separator + "*");
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(workDir.confDir().toString());
        if (memoryParams.size() > 1) {
            cmd.addAll(split(memoryParams.get(1))); // "-D key=value" dynamic properties
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.logDir().resolve(role + ".out").toFile()))
                .redirectErrorStream(true);
        pb.environment().put("FLINK_CONF_DIR", workDir.confDir().toString());
        pb.environment().put("FLINK_LIB_DIR", libDir.toString());
        pb.environment().put("FLINK_LOG_DIR", workDir.logDir().toString());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + role, e);
        }
    }

    /** Runs BashJavaUtils like Flink's config.sh and returns its result lines (JVM flags, dynamic props). */
    List<String> bashJavaUtils(String command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.add("-Xmx128m");
        cmd.addAll(JAVA17_OPENS);
        cmd.addAll(logProps("bash-java-utils"));
        cmd.addAll(List.of("-cp", libDir + File.separator + "*", BASH_JAVA_UTILS, command,
                "--configDir", workDir.confDir().toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int rc = p.waitFor();
            List<String> result = out.lines().filter(l -> l.startsWith(EXEC_PREFIX))
                    .map(l -> l.substring(EXEC_PREFIX.length())).toList();
            if (rc != 0 || result.isEmpty()) {
                throw new IllegalStateException("Flink memory settings rejected (BashJavaUtils " + command + "): "
                        + out.lines().filter(l -> l.startsWith("Exception in thread"))
                                .map(l -> l.replaceFirst("^Exception in thread \"[^\"]*\" ", "")).findFirst()
                                .orElse(out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output")));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run BashJavaUtils", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<String> javaOpts(Configuration conf, String role) {
        LinkedHashSet<String> opts = new LinkedHashSet<>(JAVA17_OPENS);
        opts.addAll(split(conf.getString("env.java.opts.all", "")));
        opts.addAll(split(conf.getString("env.java.opts." + role, "")));
        return new ArrayList<>(opts);
    }

    private List<String> logProps(String role) {
        String log4j = workDir.confDir().resolve("log4j.properties").toUri().toString();
        return List.of("-Dlog.file=" + workDir.logDir().resolve(role + ".log"),
                "-Dlog4j.configuration=" + log4j, "-Dlog4j.configurationFile=" + log4j);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private List<String> listJars() {
        try (var s = Files.list(libDir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
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

    private static Optional<Long> readPid(Path f) {
        try {
            return Files.isRegularFile(f) ? Optional.of(Long.parseLong(Files.readString(f).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
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
