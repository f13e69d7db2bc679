package com.snapmap.stack.up;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.FlinkRestClient.FlinkRestException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./snapmap up | down | status}: the whole system on one machine (docs/OPERATE.md, "The whole system, supervised"). {@code up}
 * starts a supervisor process (detached, in its own session) and returns once it reports ready;
 * {@code down} asks it to stop (SIGTERM) and makes sure nothing of this home is left running.
 * Exit codes: 0 done (status: all healthy), 1 failed (status: not up or degraded), 2 bad usage;
 * errors are one line on stderr.
 */
@Command(name = "snapmap", subcommands = {UpCommand.Up.class, UpCommand.Down.class, UpCommand.Status.class,
        UpCommand.Supervise.class}, mixinStandardHelpOptions = true)
public final class UpCommand {

    /** Savepoint (3 min at most) plus every process's SIGTERM grace. */
    static final Duration SUPERVISOR_STOP_TIMEOUT = Duration.ofMinutes(8);

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new UpCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("snapmap: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        System.exit(cl.execute(args));
    }

    /** Where the repository and the data are (the launcher passes both). */
    static final class Dirs {
        @Option(names = "--root", required = true, description = "the built repository")
        Path root;
        @Option(names = "--home", required = true, description = "where up keeps data, logs and state (.snapmap)")
        Path home;

        UpLayout layout() {
            return new UpLayout(root, home);
        }
    }

    /** When a living service whose health probes fail is reported, and when it is restarted ({@link HealthThresholds}). */
    static final class Health {
        @Option(names = "--probe-interval-s", defaultValue = "5", description = "seconds between health probes of each service")
        double probeIntervalS;
        @Option(names = "--degraded-after-s", defaultValue = "15", description = "a service whose probes fail this long is DEGRADED")
        double degradedAfterS;
        @Option(names = "--restart-after-s", defaultValue = "60", description = "a service whose probes fail this long is killed and restarted")
        double restartAfterS;

        HealthThresholds thresholds() {
            return HealthThresholds.ofSeconds(probeIntervalS, degradedAfterS, restartAfterS);
        }

        List<String> args() {
            return List.of("--probe-interval-s", Double.toString(probeIntervalS), "--degraded-after-s", Double.toString(degradedAfterS),
                    "--restart-after-s", Double.toString(restartAfterS));
        }
    }

    @Command(name = "up", description = "start the whole system and supervise it")
    static final class Up implements Callable<Integer> {
        @Mixin Dirs dirs;
        @Option(names = "--free-ports", description = "free ports instead of the usual ones (8080, 9092, 27017, 10000, 8081, ...)")
        boolean freePorts;
        @Option(names = "--sweep-interval-s", defaultValue = "300", description = "seconds between sweeper runs")
        int sweepIntervalS;
        @Option(names = "--timeout-s", defaultValue = "600", description = "give up starting after this long")
        int timeoutS;
        @Mixin Health health;

        @Override
        public Integer call() throws Exception {
            health.thresholds(); // refused here, before anything starts
            UpLayout layout = dirs.layout();
            StackShutdown processes = new StackShutdown(layout, System.out);
            Optional<UpState> previous = UpState.read(layout.stateFile());
            if (previous.isPresent()) {
                long sup = Long.parseLong(previous.get().get("supervisor.pid", "-1"));
                if (supervisorAlive(layout, sup)) {
                    throw new IllegalStateException("already up (supervisor pid " + sup + "); see ./snapmap status, or ./snapmap down");
                }
                List<Long> alive = UpState.SERVICES.stream().map(s -> previous.get().pid(s)).filter(processes::isOurs).toList();
                if (!alive.isEmpty()) {
                    throw new IllegalStateException("processes of an earlier up still run (pids " + alive + "); run ./snapmap down first");
                }
            }
            UpPorts ports = freePorts ? UpPorts.free() : UpPorts.usual();
            ports.requireAllFree();
            requireBuilt(layout);
            String key = DevApiKey.resolve(System.getenv("SNAPMAP_API_KEY"), layout.apiKeyFile());
            layout.createFolders();
            Files.deleteIfExists(layout.stateFile());
            Files.deleteIfExists(layout.upEnv());
            Path log = layout.log("supervisor");
            Files.writeString(log, "");
            // The supervisor: this JVM's class path and flags, in a session of its own (outlives this command and Ctrl-C).
            List<String> cmd = new ArrayList<>(List.of("setsid", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UpCommand.class.getName(), "supervise",
                    "--root", layout.root().toString(), "--home", layout.home().toString(), "--ports", ports.toString(),
                    "--sweep-interval-s", Integer.toString(sweepIntervalS)));
            cmd.addAll(health.args());
            if (freePorts) {
                cmd.add("--free-ports");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("SNAPMAP_API_KEY", key);
            Process supervisor = pb.start();
            System.out.println("snapmap: starting (logs in " + layout.logDir() + ")");
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutS).toNanos();
            long offset = 0;
            while (true) {
                offset = echo(log, offset);
                UpState s = UpState.read(layout.stateFile()).orElse(new UpState());
                if (s.phase().equals("ready")) {
                    summary(layout, s, key);
                    return 0;
                }
                if (s.phase().equals("failed") || (!supervisor.isAlive() && !s.phase().equals("ready"))) {
                    supervisor.waitFor(60, TimeUnit.SECONDS);
                    echo(log, offset);
                    throw new IllegalStateException(s.get("message", "the supervisor exited; see " + log));
                }
                if (System.nanoTime() > deadline) {
                    supervisor.destroy();
                    supervisor.waitFor(5, TimeUnit.MINUTES);
                    throw new IllegalStateException("not ready within " + timeoutS + " s; see " + layout.logDir());
                }
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            }
        }

        private static void requireBuilt(UpLayout layout) {
            layout.jobJar();
            for (String module : List.of("snapmap-testkit", "upload-gateway", "sweeper")) {
                layout.classPath(module);
            }
            if (!Files.isDirectory(layout.flinkLib())) {
                throw new IllegalStateException("no " + layout.flinkLib() + " (build local-stack)");
            }
            if (!Files.isRegularFile(layout.azuriteMain())) {
                throw new IllegalStateException("Azurite is not installed: no " + layout.azuriteMain() + " (npm install in upload-gateway)");
            }
            if (!Files.isRegularFile(layout.durableAzurite())) {
                throw new IllegalStateException("no " + layout.durableAzurite() + " (build snapmap-testkit)");
            }
        }

        private static void summary(UpLayout layout, UpState s, String key) {
            String gw = s.get("gateway.url");
            System.out.println();
            System.out.println("  map page   " + gw + "/");
            System.out.println("  API        " + gw + "/v1   (description: " + gw + "/openapi.json)");
            System.out.println("  Flink UI   " + s.get("flink.rest"));
            System.out.println("  API key    " + key + "   (header: Authorization: Bearer <key>)");
            System.out.println("  settings   " + layout.upEnv() + "   logs " + layout.logDir());
            System.out.println("snapmap: ready in " + s.get("ready.seconds") + " s: " + gw + "/ (job " + s.get("job.id")
                    + " " + s.get("job.state") + "; ./snapmap status, ./snapmap demo, ./snapmap down)");
        }
    }

    @Command(name = "down", description = "stop the job with a savepoint, then every process up started")
    static final class Down implements Callable<Integer> {
        @Mixin Dirs dirs;

        @Override
        public Integer call() throws Exception {
            UpLayout layout = dirs.layout();
            Optional<UpState> state = UpState.read(layout.stateFile());
            if (state.isEmpty()) {
                System.out.println("snapmap: nothing is up in " + layout.home());
                return 0;
            }
            long sup = Long.parseLong(state.get().get("supervisor.pid", "-1"));
            Path log = layout.log("supervisor");
            if (supervisorAlive(layout, sup)) {
                long offset = Files.exists(log) ? Files.size(log) : 0;
                ProcessHandle ph = ProcessHandle.of(sup).orElseThrow();
                ph.destroy();
                long deadline = System.nanoTime() + SUPERVISOR_STOP_TIMEOUT.toNanos();
                while (ph.isAlive() && System.nanoTime() < deadline) {
                    offset = echo(log, offset);
                    LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
                }
                if (ph.isAlive()) { // a hung supervisor: what it did not stop is stopped below
                    System.out.println("snapmap: the supervisor did not stop within " + SUPERVISOR_STOP_TIMEOUT.toMinutes() + " min; killing it");
                    ph.destroyForcibly();
                    ph.onExit().join();
                }
                echo(log, offset);
            }
            // The supervisor gone (or killed): whatever of this home still runs is stopped here.
            UpState after = UpState.read(layout.stateFile()).orElse(state.get());
            StackShutdown shutdown = new StackShutdown(layout, System.out);
            if (UpState.SERVICES.stream().anyMatch(s -> shutdown.isOurs(state.get().pid(s)))) {
                shutdown.run(state.get());
            }
            for (ProcessHandle leftover : ProcessHandle.allProcesses().filter(p -> shutdown.isOurs(p.pid())).toList()) {
                System.out.println("snapmap: stopping leftover pid " + leftover.pid() + " " + leftover.info().command().orElse(""));
                shutdown.stop("leftover", leftover.pid());
            }
            if (!"failed".equals(after.phase())) {
                after.set("phase", "down");
            }
            after.write(layout.stateFile());
            String sp = after.get("savepoint");
            System.out.println("snapmap: down" + (sp == null ? "" : "; the next up restores " + sp));
            return 0;
        }
    }

    @Command(name = "status", description = "each process, its restarts, and the job's real task state")
    static final class Status implements Callable<Integer> {
        @Mixin Dirs dirs;

        @Override
        public Integer call() {
            UpLayout layout = dirs.layout();
            Optional<UpState> state = UpState.read(layout.stateFile());
            long sup = state.map(s -> Long.parseLong(s.get("supervisor.pid", "-1"))).orElse(-1L);
            if (state.isEmpty() || !supervisorAlive(layout, sup)) {
                System.out.println("snapmap is not up (" + state.map(UpState::phase).orElse("never started") + " in " + layout.home() + ")");
                return 1;
            }
            UpState s = state.get();
            StackShutdown probe = new StackShutdown(layout, System.out);
            boolean healthy = s.phase().equals("ready");
            System.out.printf("snapmap %s (supervisor pid %d, up since %s)%n", s.phase(), sup, s.get("started.at"));
            for (String name : UpState.SERVICES) {
                if (name.equals("sweeper")) {
                    System.out.printf("  %-12s %s%n", name, s.get("sweeper", "not scheduled yet"));
                    continue;
                }
                long pid = s.pid(name);
                boolean alive = probe.isOurs(pid);
                boolean degraded = "DEGRADED".equals(s.get("service." + name + ".health"));
                healthy &= alive && !degraded && "running".equals(s.get("service." + name + ".status"));
                System.out.printf("  %-12s %-8s pid %-7d restarts %s%s  %s%n", name, !alive ? "DOWN" : degraded ? "DEGRADED" : "running", pid,
                        s.get("service." + name + ".restarts", "0"),
                        s.get("service." + name + ".lastRestart") == null ? "" : " (last " + s.get("service." + name + ".lastRestart") + ")",
                        s.get("service." + name + ".status", ""));
            }
            String job = s.get("job.id");
            String jobLine;
            try {
                FlinkRestClient rest = new FlinkRestClient(s.get("flink.rest"));
                FlinkRestClient.TaskState t = rest.taskState(job);
                var o = rest.overview();
                healthy &= t.fullyRunning();
                jobLine = t + "; " + o.path("taskmanagers").asInt() + " taskmanager(s), "
                        + o.path("slots-available").asInt() + "/" + o.path("slots-total").asInt() + " slots free";
            } catch (FlinkRestException e) {
                healthy = false;
                jobLine = "unknown: " + e.getMessage();
            }
            System.out.printf("  %-12s %s %s (resubmitted %s times%s)%n", "job", job, jobLine, s.get("job.resubmits", "0"),
                    s.get("job.restoredFrom") == null ? "" : ", restored from " + s.get("job.restoredFrom"));
            System.out.println("  gateway " + s.get("gateway.url") + "   flink " + s.get("flink.rest") + "   settings " + layout.upEnv());
            System.out.println(healthy ? "snapmap: healthy" : "snapmap: DEGRADED");
            return healthy ? 0 : 1;
        }
    }

    @Command(name = "supervise", hidden = true, description = "the supervisor process itself (started by up)")
    static final class Supervise implements Callable<Integer> {
        @Mixin Dirs dirs;
        @Option(names = "--ports", required = true)
        String ports;
        @Option(names = "--sweep-interval-s", defaultValue = "300")
        int sweepIntervalS;
        @Option(names = "--free-ports", description = "the ports were chosen free: retry a start that fails on one with another")
        boolean freePorts;
        @Mixin Health health;

        @Override
        public Integer call() {
            String key = System.getenv("SNAPMAP_API_KEY");
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("SNAPMAP_API_KEY is not set");
            }
            PrintStream out = System.out;
            return new Supervisor(dirs.layout(), UpPorts.parse(ports), freePorts, key, Duration.ofSeconds(sweepIntervalS),
                    health.thresholds(), out).run();
        }
    }

    static boolean supervisorAlive(UpLayout layout, long pid) {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (pid <= 0 || ph.isEmpty() || !ph.get().isAlive()) {
            return false;
        }
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return cmdline.contains("supervise") && cmdline.contains(layout.home().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** Prints what was appended to {@code file} since {@code offset}, indented; returns the new offset. */
    static long echo(Path file, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() <= offset) {
                return offset;
            }
            f.seek(offset);
            byte[] b = new byte[(int) (f.length() - offset)];
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;
            text.substring(0, end).lines().forEach(l -> System.out.println("  " + l));
            return offset + text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            return offset;
        }
    }
}
