package com.snapmap.stack.up;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Starts each service of {@code up} as a process of its own, its output appended to its log in the
 * home, and waits until it is ready; with free ports ({@code --free-ports}) a start that fails is
 * retried on fresh ones ({@link PortRetry}). Holds the ports as they are now, and puts every
 * process it starts into the map the supervisor watches.
 */
final class ServiceLauncher {

    static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(3);

    private final UpLayout layout;
    private final boolean freePorts;
    private final HealthThresholds health;
    private final Map<String, SupervisedProcess> services;
    private final PrintStream out;
    private final long t0;
    private final Map<String, Long> logOffsets = new ConcurrentHashMap<>();
    private volatile UpPorts ports;

    ServiceLauncher(UpLayout layout, UpPorts ports, boolean freePorts, HealthThresholds health,
            Map<String, SupervisedProcess> services, PrintStream out, long t0) {
        this.layout = layout;
        this.ports = ports;
        this.freePorts = freePorts;
        this.health = health;
        this.services = services;
        this.out = out;
        this.t0 = t0;
    }

    UpPorts ports() {
        return ports;
    }

    UpAddresses addresses() {
        return new UpAddresses(ports);
    }

    boolean freePorts() {
        return freePorts;
    }

    /**
     * Starts a service whose command, settings and readiness name the ports of {@code uses} (each
     * read again for every attempt, as the ports may have changed).
     */
    void startOnPort(String name, Supplier<List<String>> command, Supplier<Map<String, String>> env,
            Supplier<BooleanSupplier> ready, String... uses) {
        if (!freePorts) {
            start(name, command.get(), env.get(), ready.get());
            return;
        }
        PortRetry.start(name, ports.byUse().get(uses[0]), () -> freshPorts(uses),
                port -> start(name, command.get(), env.get(), ready.get()), port -> out.println(name + ": retrying on port " + port));
    }

    /** Fresh free ports for {@code uses}; returns the first. Services start in parallel, so one at a time. */
    synchronized int freshPorts(String... uses) {
        UpPorts p = ports;
        for (String use : uses) {
            p = p.withFresh(use);
        }
        ports = p;
        return p.byUse().get(uses[0]);
    }

    private void start(String name, List<String> command, Map<String, String> env, BooleanSupplier ready) {
        SupervisedProcess p = new SupervisedProcess(name, () -> {
            logOffsets.put(name, Files.exists(layout.log(name)) ? Files.size(layout.log(name)) : 0L);
            ProcessBuilder pb = new ProcessBuilder(command).directory(layout.home().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(name).toFile()));
            pb.environment().putAll(env);
            return pb.start();
        }, ready, health);
        services.put(name, p);
        try {
            p.start(SERVICE_TIMEOUT);
        } catch (RuntimeException e) {
            if (p.alive()) { // started but never ready: not left behind a retry
                p.process().destroyForcibly();
            }
            throw e;
        }
        out.printf("%s ready (%.1f s)%n", name, (System.nanoTime() - t0) / 1e9);
    }

    /** Ready once the service has logged {@code marker} since it was (re)launched. */
    BooleanSupplier logSays(String name, String marker) {
        return Readiness.logSays(layout.log(name), () -> logOffsets.getOrDefault(name, 0L), marker);
    }

    /**
     * java with the module's class path; -Dsnapmap.home marks the process as this home's. A JVM out
     * of memory exits, so that it is restarted rather than left serving half-broken.
     */
    List<String> javaCommand(String module, int heapMiB, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMiB + "m", "-XX:+ExitOnOutOfMemoryError", "-Dsnapmap.home=" + layout.home() + "/",
                "-Dlog4j.configurationFile=" + layout.log4jConfig(), "-cp", layout.classPath(module), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
