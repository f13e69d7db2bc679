package com.snapmap.stack.up;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.FlinkSessionCluster;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import java.util.function.Supplier;

/**
 * The process behind {@code ./snapmap up}: starts every service as its own process (Kafka,
 * MongoDB-wire server, Azurite, Flink JobManager and TaskManager, gateway), submits the clustering
 * job, runs the sweeper on a schedule, then supervises: a dead process is restarted with backoff,
 * the job is kept running, and {@code state.properties} says how each piece is. SIGTERM
 * ({@code ./snapmap down}) stops everything in order, the job with a savepoint.
 */
final class Supervisor {

    static final String AZURITE_ACCOUNT = "devstoreaccount1";
    /** Azurite's documented, public development account key. */
    static final String AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final int JOB_PARALLELISM = 2;
    private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(3);

    private final UpLayout layout;
    private volatile UpPorts ports;
    private final boolean freePorts;
    private final String apiKey;
    private final Duration sweepInterval;
    private final PrintStream out;
    private final Map<String, SupervisedProcess> services = new ConcurrentHashMap<>();
    private final Map<String, Long> logOffsets = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch loopDone = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final UpState state = new UpState();
    private volatile FlinkSessionCluster flink;
    private volatile ClusteringJobKeeper job;
    private volatile SweeperSchedule sweeper;
    private final long t0 = System.nanoTime();
    private volatile boolean failed;
    private final HealthThresholds health;
    private final Map<String, ServiceProbes.Probe> probed = new ConcurrentHashMap<>();
    private ServiceProbes probes;

    Supervisor(UpLayout layout, UpPorts ports, String apiKey, Duration sweepInterval, PrintStream out) {
        this(layout, ports, false, apiKey, sweepInterval, HealthThresholds.DEFAULTS, out);
    }

    /**
     * @param freePorts the ports were chosen free ({@code --free-ports}): a start that fails on one is retried on another
     * @param health    when a living service whose probes fail is reported DEGRADED, and when it is restarted
     */
    Supervisor(UpLayout layout, UpPorts ports, boolean freePorts, String apiKey, Duration sweepInterval, HealthThresholds health,
            PrintStream out) {
        this.health = health;
        this.layout = layout;
        this.ports = ports;
        this.freePorts = freePorts;
        this.apiKey = apiKey;
        this.sweepInterval = sweepInterval;
        this.out = out;
    }

    String gatewayUrl() { return "http://127.0.0.1:" + ports.gateway(); }
    String kafkaBootstrap() { return "127.0.0.1:" + ports.kafka(); }
    String mongoUri() { return "mongodb://127.0.0.1:" + ports.mongo(); }
    String flinkRest() { return "http://127.0.0.1:" + ports.flinkRest(); }
    String azureConnectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + AZURITE_ACCOUNT + ";AccountKey=" + AZURITE_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + ports.azurite() + "/" + AZURITE_ACCOUNT + ";";
    }

    /** Starts everything, then supervises until SIGTERM; returns the exit code. */
    int run() {
        layout.createFolders();
        state.set("phase", "starting").set("supervisor.pid", ProcessHandle.current().pid()).set("ports", ports)
                .set("gateway.url", gatewayUrl()).set("flink.rest", flinkRest()).set("started.at", Instant.now());
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

    private void startAll() {
        CompletableFuture<Void> kafka = CompletableFuture.runAsync(this::startKafka);
        CompletableFuture<Void> mongo = CompletableFuture.runAsync(this::startMongo);
        CompletableFuture<Void> azurite = CompletableFuture.runAsync(this::startAzurite);
        CompletableFuture<Void> cluster = CompletableFuture.runAsync(() -> {
            if (!freePorts) {
                startFlink();
                return;
            }
            PortRetry.start("flink", ports.flinkRest(), () -> freshPorts("flink rest", "flink rpc"), port -> {
                try {
                    startFlink();
                } catch (RuntimeException e) {
                    if (flink != null) {
                        flink.stop();
                    }
                    throw e;
                }
            }, port -> out.println("flink: retrying on ports " + ports.flinkRest() + ", " + ports.flinkRpc()));
        });
        CompletableFuture.allOf(kafka, mongo, azurite, cluster).join();
        watchFlink();
        abortIfStopping();
        startGateway();
        state.set("ports", ports).set("gateway.url", gatewayUrl()).set("flink.rest", flinkRest());
        abortIfStopping();
        job = new ClusteringJobKeeper(new FlinkRestClient(flinkRest()), layout.jobJar(), List.of(
                "--kafka.bootstrap-servers", kafkaBootstrap(), "--mongo.uri", mongoUri(), "--checkpoint.interval-ms", "10000"),
                JOB_PARALLELISM, layout.flinkWork(), layout.lastSavepointFile());
        String id = job.submit();
        if (job.notice() != null) {
            out.println(job.notice());
        }
        out.println("job " + id + " submitted" + (job.restoredFrom() == null ? "" : ", restored from " + job.restoredFrom()));
        state.set("job.id", id);
        job.awaitRunning(SERVICE_TIMEOUT);
        out.printf("job running (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
        sweeper = new SweeperSchedule(javaCommand("sweeper", 192, "com.snapmap.sweeper.SweeperMain",
                "--mongo.uri", mongoUri(), "--kafka.bootstrap-servers", kafkaBootstrap()),
                layout.log("sweeper"), sweepInterval, Instant.now().plus(sweepInterval));
    }

    private void startKafka() {
        startOnPort("kafka", () -> javaCommand("snapmap-testkit", 384, "com.snapmap.testkit.LocalStackMain", "kafka",
                layout.kafkaDir().toString(), Integer.toString(ports.kafka()), Integer.toString(ports.kafkaController()), "4"),
                Map::of, logSays("kafka", "kafka ready on"), "kafka", "kafka controller");
        watch("kafka", probes().kafka(kafkaBootstrap()));
    }

    void startMongo() {
        // The MongoDB-wire server keeps its indexes on the heap (rebuilt from the H2 file on start),
        // about 1.5 KB per photo with its events: 256 MB ran out near 200 000 photos, 1 GB holds
        // about 600 000.
        startOnPort("mongo", () -> javaCommand("snapmap-testkit", 1024, "com.snapmap.testkit.LocalStackMain", "mongo",
                layout.mongoFile().toString(), Integer.toString(ports.mongo())), Map::of, logSays("mongo", "mongo ready on"), "mongo");
        watch("mongo", probes().mongo(mongoUri()));
    }

    private void startAzurite() {
        startOnPort("azurite", () -> List.of("node", layout.durableAzurite().toString(), layout.azuriteMain().toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(ports.azurite()), "--location", layout.azuriteDir().toString(),
                "--skipApiVersionCheck", "--loose", "--disableTelemetry"), Map::of, () -> portOpen(ports.azurite()), "azurite");
        // Unsigned, the container list answers 403: any answer below 500 is Azurite serving.
        watch("azurite", ServiceProbes.http("http://127.0.0.1:" + ports.azurite() + "/" + AZURITE_ACCOUNT + "?comp=list", 500));
    }

    private void startGateway() {
        startOnPort("gateway", () -> javaCommand("upload-gateway", 256, "com.snapmap.gateway.GatewayMain"), () -> {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("GATEWAY_API_KEYS", sha256Hex(apiKey) + ":upload+read");
            env.put("GATEWAY_HOST", "127.0.0.1");
            env.put("GATEWAY_PORT", Integer.toString(ports.gateway()));
            env.put("AZURE_STORAGE_CONNECTION_STRING", azureConnectionString());
            env.put("MONGO_URI", mongoUri());
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
            return env;
        }, () -> httpOk(gatewayUrl() + "/health"), "gateway");
        watch("gateway", ServiceProbes.http(gatewayUrl() + "/health", 300));
    }

    /**
     * The JobManager answers its REST overview; the TaskManager is registered with it. While the
     * JobManager does not answer, the TaskManager's probe passes: the JobManager's own probe covers
     * that, and a TaskManager is not restarted for its JobManager's fault.
     */
    private void watchFlink() {
        FlinkRestClient rest = new FlinkRestClient(flinkRest());
        watch("jobmanager", ServiceProbes.http(flinkRest() + "/overview", 300));
        watch("taskmanager", () -> {
            if (rest.taskManagersAndSlots().map(t -> t[0] < 1).orElse(false)) {
                throw new IllegalStateException("no taskmanager registered with the jobmanager");
            }
        });
    }

    /** From now on {@code name} is probed ({@link ServiceProbes}); called once it is ready. */
    private void watch(String name, ServiceProbes.Probe probe) {
        probed.put(name, probe);
    }

    private synchronized ServiceProbes probes() {
        if (probes == null) {
            probes = new ServiceProbes(services, probed, health.probeInterval());
        }
        return probes;
    }

    private void startFlink() {
        flink = new FlinkSessionCluster(layout.flinkWork(), layout.flinkLib());
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("rest.port", Integer.toString(ports.flinkRest()));
        overrides.put("jobmanager.rpc.port", Integer.toString(ports.flinkRpc()));
        // A killed TaskManager is noticed after two failed heartbeats: seconds, not half a minute.
        overrides.put("heartbeat.interval", "2000");
        flink.start(layout.flinkConf(), overrides, SERVICE_TIMEOUT);
        FlinkRestClient rest = new FlinkRestClient(flinkRest());
        for (String role : List.of("jobmanager", "taskmanager")) {
            SupervisedProcess p = new SupervisedProcess(role, () -> {
                flink.restart(role);
                return flink.process(role).orElseThrow();
            }, role.equals("jobmanager") ? () -> rest.taskManagersAndSlots().isPresent()
                    : () -> rest.taskManagersAndSlots().map(t -> t[0] >= 1).orElse(false), health);
            p.adopt(flink.process(role).orElseThrow(), SERVICE_TIMEOUT);
            services.put(role, p);
        }
        out.printf("flink ready: %s (%.1f s)%n", flinkRest(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Starts a service whose command and settings name the ports of {@code uses} (read when called);
     * with free ports a failed start is retried on fresh ones ({@link PortRetry}).
     */
    private void startOnPort(String name, Supplier<List<String>> command, Supplier<Map<String, String>> env,
            java.util.function.BooleanSupplier ready, String... uses) {
        if (!freePorts) {
            start(name, command.get(), env.get(), ready);
            return;
        }
        PortRetry.start(name, ports.byUse().get(uses[0]), () -> freshPorts(uses),
                port -> start(name, command.get(), env.get(), ready), port -> out.println(name + ": retrying on port " + port));
    }

    /** Fresh free ports for {@code uses}; returns the first. Services start in parallel, so one at a time. */
    private synchronized int freshPorts(String... uses) {
        UpPorts p = ports;
        for (String use : uses) {
            p = p.withFresh(use);
        }
        ports = p;
        return p.byUse().get(uses[0]);
    }

    private void start(String name, List<String> command, Map<String, String> env, java.util.function.BooleanSupplier ready) {
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

    /** Ready once the service has logged {@code marker} since it was (re)launched. */
    private java.util.function.BooleanSupplier logSays(String name, String marker) {
        return () -> {
            try (RandomAccessFile f = new RandomAccessFile(layout.log(name).toFile(), "r")) {
                long from = logOffsets.getOrDefault(name, 0L);
                if (f.length() <= from) {
                    return false;
                }
                f.seek(from);
                byte[] b = new byte[(int) Math.min(f.length() - from, 1 << 20)];
                f.readFully(b);
                return new String(b, StandardCharsets.UTF_8).contains(marker);
            } catch (IOException e) {
                return false;
            }
        };
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean httpOk(String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        synchronized (this) {
            if (probes != null) {
                probes.close();
            }
        }
        state.set("phase", "stopping");
        writeState();
        out.println("stopping...");
        Optional<String> savepoint = new StackShutdown(layout, out).run(snapshot());
        if (flink != null) {
            flink.stop(); // also removes its pid files
        }
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
        String env = "GATEWAY_URL=" + gatewayUrl() + "\n"
                + "SNAPMAP_API_KEY=" + apiKey + "\n"
                + "KAFKA_BOOTSTRAP_SERVERS=" + kafkaBootstrap() + "\n"
                + "MONGO_URI=" + mongoUri() + "\n"
                + "FLINK_REST=" + flinkRest() + "\n"
                + "AZURE_STORAGE_CONNECTION_STRING='" + azureConnectionString() + "'\n";
        try {
            Files.writeString(layout.upEnv(), env);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + layout.upEnv(), e);
        }
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
