package com.snapmap.stack.up;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./snapmap up}: starts the supervisor (detached, in a session of its own, so it outlives
 * this command and Ctrl-C), echoes its log, and returns once the supervisor reports ready (or
 * failed, or the timeout passes).
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "start the whole system and supervise it")
final class UpVerb implements Callable<Integer> {
    @Mixin UpDirs dirs;
    @Option(names = "--free-ports", description = "free ports instead of the usual ones (8080, 9092, 27017, 10000, 8081, ...)")
    boolean freePorts;
    @Option(names = "--sweep-interval-s", defaultValue = "300", description = "seconds between sweeper runs")
    int sweepIntervalS;
    @Option(names = "--timeout-s", defaultValue = "600", description = "give up starting after this long")
    int timeoutS;
    @Mixin HealthOptions health;

    @Override
    public Integer call() throws Exception {
        health.thresholds(); // refused here, before anything starts
        UpLayout layout = dirs.layout();
        StackShutdown processes = new StackShutdown(layout, System.out);
        Optional<UpState> previous = UpState.read(layout.stateFile());
        if (previous.isPresent()) {
            long sup = Long.parseLong(previous.get().get("supervisor.pid", "-1"));
            if (UpCommand.supervisorAlive(layout, sup)) {
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
            offset = UpCommand.echo(log, offset);
            UpState s = UpState.read(layout.stateFile()).orElse(new UpState());
            if (s.phase().equals("ready")) {
                summary(layout, s, key);
                return 0;
            }
            if (s.phase().equals("failed") || (!supervisor.isAlive() && !s.phase().equals("ready"))) {
                supervisor.waitFor(60, TimeUnit.SECONDS);
                UpCommand.echo(log, offset);
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
