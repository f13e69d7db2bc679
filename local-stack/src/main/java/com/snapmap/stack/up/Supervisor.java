package com.snapmap.stack.up;

import com.snapmap.stack.FlinkRestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The process behind {@code ./snapmap up}: starts every service as its own process (Kafka,
 * MongoDB-wire server, Azurite, Flink JobManager and TaskManager, gateway; {@link ServiceLauncher}),
 * submits the clustering job, runs the sweeper on a schedule, then supervises: a dead process is
 * restarted with backoff, one that stops answering its {@link ServiceProbes} too, the job is kept
 * running, and {@code state.properties} says how each piece is. SIGTERM ({@code ./snapmap down})
 * stops everything in order, the job with a savepoint.
 */
final class Supervisor {

    static final int JOB_PARALLELISM = 2;
    private static final Duration SERVICE_TIMEOUT = ServiceLauncher.SERVICE_TIMEOUT;

    private final UpLayout layout;
    private final String apiKey;
    private final Duration sweepInterval;
    private final PrintStream out;
    private final Map<String, SupervisedProcess> services = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch loopDone = new CountDownLatch(1);
    private final UpState state = new UpState();
    private final long t0 = System.nanoTime();
    private final ServiceLauncher launcher;
    private final UpServices upServices;
    private volatile ClusteringJobKeeper job;
    private volatile SweeperSchedule sweeper;
    private volatile boolean failed;

    Supervisor(UpLayout layout, UpPorts ports, String apiKey, Duration sweepInterval, PrintStream out) {
        this(layout, ports, false, apiKey, sweepInterval, HealthThresholds.DEFAULTS, out);
    }

    /**
     * @param freePorts the ports were chosen free ({@code --free-ports}): a start that fails on one is retried on another
     * @param health    when a living service whose probes fail is reported DEGRADED, and when it is restarted
     */
    Supervisor(UpLayout layout, UpPorts ports, boolean freePorts, String apiKey, Duration sweepInterval, HealthThresholds health,
            PrintStream out) {
        this.layout = layout;
        this.apiKey = apiKey;
        this.sweepInterval = sweepInterval;
        this.out = out;
        this.launcher = new ServiceLauncher(layout, ports, freePorts, health, services, out, t0);
        this.upServices = new UpServices(layout, launcher, services, health, apiKey, out, t0);
    }

    /** Where the services answer now (with free ports, a retried start moves one). */
    private UpAddresses at() {
        return launcher.addresses();
    }

    /** Starts everything, then supervises until SIGTERM; returns the exit code. */
    int run() {
        layout.createFolders();
        state.set("phase", "starting").set("supervisor.pid", ProcessHandle.current().pid());
        recordAddresses();
        state.set("started.at", Instant.now());
        writeState();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "up-shutdown"));
        try {
            startAll();
        } catch (RuntimeException e) {
            String msg = e instanceof CompletionException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            out.println("failed: " + msg);
            state.set("message", msg);
            failed = true;
            loopDone.countDown();
            shutdown();
            return 1;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        writeUpEnv();
        state.set("phase", "ready").set("ready.seconds", String.format("%.1f", secs));
        writeState();
        out.printf("ready in %.1f s%n", secs);
        supervise();
        return 0;
    }

    private void recordAddresses() {
        state.set("ports", launcher.ports()).set("gateway.url", at().gatewayUrl()).set("flink.rest", at().flinkRest());
    }

    private void startAll() {
        CompletableFuture<Void> kafka = CompletableFuture.runAsync(upServices::startKafka);
        CompletableFuture<Void> mongo = CompletableFuture.runAsync(upServices::startMongo);
        CompletableFuture<Void> azurite = CompletableFuture.runAsync(upServices::startAzurite);
        CompletableFuture<Void> cluster = CompletableFuture.runAsync(upServices::startFlink);
        CompletableFuture.allOf(kafka, mongo, azurite, cluster).join();
        upServices.watchFlink();
        abortIfStopping();
        upServices.startGateway();
        recordAddresses();
        abortIfStopping();
        UpAddresses at = at();
        job = new ClusteringJobKeeper(new FlinkRestClient(at.flinkRest()), layout.jobJar(), List.of(
                "--kafka.bootstrap-servers", at.kafkaBootstrap(), "--mongo.uri", at.mongoUri(), "--checkpoint.interval-ms", "10000"),
                JOB_PARALLELISM, layout.flinkWork(), layout.lastSavepointFile());
        String id = job.submit();
        if (job.notice() != null) {
            out.println(job.notice());
        }
        out.println("job " + id + " submitted" + (job.restoredFrom() == null ? "" : ", restored from " + job.restoredFrom()));
        state.set("job.id", id);
        job.awaitRunning(SERVICE_TIMEOUT);
        out.printf("job running (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
        sweeper = new SweeperSchedule(launcher.javaCommand("sweeper", 192, "com.snapmap.sweeper.SweeperMain",
                "--mongo.uri", at.mongoUri(), "--kafka.bootstrap-servers", at.kafkaBootstrap()),
                layout.log("sweeper"), sweepInterval, Instant.now().plus(sweepInterval));
    }

    /** Starts the MongoDB-wire server alone (a test supervises one service). */
    void startMongo() {
        upServices.startMongo();
    }

    /** Until SIGTERM: restarts what died or stopped answering, keeps the job running, runs the sweeper. */
    void supervise() {
        long lastJobTick = 0;
        while (!stopping.get()) {
            services.values().forEach(SupervisedProcess::tick);
            if (job != null && System.nanoTime() - lastJobTick > Duration.ofSeconds(2).toNanos()) {
                job.tick();
                lastJobTick = System.nanoTime();
            }
            if (sweeper != null) {
                sweeper.tick(Instant.now());
            }
            writeState();
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        loopDone.countDown();
    }

    /** SIGTERM: stop supervising (nothing is restarted from here on), then stop everything in order. */
    void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopping.set(true);
        try {
            loopDone.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        upServices.stopProbing();
        state.set("phase", "stopping");
        writeState();
        out.println("stopping...");
        Optional<String> savepoint = new StackShutdown(layout, out).run(snapshot());
        upServices.stopFlink();
        savepoint.ifPresent(sp -> state.set("savepoint", sp));
        state.set("phase", failed ? "failed" : "down");
        services.keySet().forEach(s -> state.set("service." + s + ".pid", null));
        writeState();
        out.println("down");
    }

    private void abortIfStopping() {
        if (stopping.get()) {
            throw new IllegalStateException("stopped while starting");
        }
    }

    private UpState snapshot() {
        long now = System.nanoTime();
        services.forEach((name, p) -> state.set("service." + name + ".pid", p.pid())
                .set("service." + name + ".status", p.alive() ? p.status() : "down: " + p.status())
                .set("service." + name + ".health", p.health(now))
                .set("service." + name + ".probe", p.probeDetail().isEmpty() ? null : p.probeDetail())
                .set("service." + name + ".restarts", p.restarts())
                .set("service." + name + ".lastRestart", p.lastRestartMillis() < 0 ? null : Instant.ofEpochMilli(p.lastRestartMillis())));
        if (job != null) {
            state.set("job.id", job.jobId()).set("job.state", job.state()).set("job.restoredFrom", job.restoredFrom())
                    .set("job.resubmits", job.resubmits());
        }
        if (sweeper != null) {
            state.set("service.sweeper.pid", sweeper.pid()).set("sweeper", sweeper.describe());
        }
        return state;
    }

    private synchronized void writeState() {
        snapshot().write(layout.stateFile());
    }

    private void writeUpEnv() {
        try {
            Files.writeString(layout.upEnv(), at().upEnv(apiKey));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + layout.upEnv(), e);
        }
    }
}
