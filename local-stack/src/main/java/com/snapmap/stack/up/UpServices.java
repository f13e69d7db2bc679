package com.snapmap.stack.up;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.FlinkSessionCluster;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services {@code up} runs, each as it is started (command, settings, when it is ready; by
 * {@link ServiceLauncher}) and then probed ({@link ServiceProbes}): Kafka, the MongoDB-wire
 * server, Azurite, the Flink JobManager and TaskManager, the gateway. The {@link Supervisor}
 * decides when; this class knows how.
 */
final class UpServices {

    private final UpLayout layout;
    private final ServiceLauncher launcher;
    private final Map<String, SupervisedProcess> services;
    private final HealthThresholds health;
    private final String apiKey;
    private final PrintStream out;
    private final long t0;
    private final Map<String, ServiceProbes.Probe> probed = new ConcurrentHashMap<>();
    private ServiceProbes probes;
    private volatile FlinkSessionCluster flink;

    UpServices(UpLayout layout, ServiceLauncher launcher, Map<String, SupervisedProcess> services, HealthThresholds health,
            String apiKey, PrintStream out, long t0) {
        this.layout = layout;
        this.launcher = launcher;
        this.services = services;
        this.health = health;
        this.apiKey = apiKey;
        this.out = out;
        this.t0 = t0;
    }

    /** Where the services answer now (with free ports, a retried start moves one). */
    UpAddresses at() {
        return launcher.addresses();
    }

    void startKafka() {
        launcher.startOnPort("kafka", () -> launcher.javaCommand("snapmap-testkit", 384, "com.snapmap.testkit.LocalServersMain", "kafka",
                layout.kafkaDir().toString(), Integer.toString(launcher.ports().kafka()),
                Integer.toString(launcher.ports().kafkaController()), "4"),
                Map::of, () -> launcher.logSays("kafka", "kafka ready on"), "kafka", "kafka controller");
        watch("kafka", probes().kafka(at().kafkaBootstrap()));
    }

    void startMongo() {
        // The MongoDB-wire server keeps its indexes on the heap (rebuilt from the H2 file on start),
        // about 1.5 KB per photo with its events: 256 MB ran out near 200 000 photos, 1 GB holds
        // about 600 000.
        launcher.startOnPort("mongo", () -> launcher.javaCommand("snapmap-testkit", 1024, "com.snapmap.testkit.LocalServersMain", "mongo",
                layout.mongoFile().toString(), Integer.toString(launcher.ports().mongo())),
                Map::of, () -> launcher.logSays("mongo", "mongo ready on"), "mongo");
        watch("mongo", probes().mongo(at().mongoUri()));
    }

    void startAzurite() {
        launcher.startOnPort("azurite", () -> List.of("node", layout.durableAzurite().toString(), layout.azuriteMain().toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(launcher.ports().azurite()),
                "--location", layout.azuriteDir().toString(), "--skipApiVersionCheck", "--loose", "--disableTelemetry"),
                Map::of, () -> Readiness.portOpen(launcher.ports().azurite()), "azurite");
        // Unsigned, the container list answers 403: any answer below 500 is Azurite serving.
        watch("azurite", ServiceProbes.http(at().azuriteAccountUrl() + "?comp=list", 500));
    }

    void startGateway() {
        launcher.startOnPort("gateway", () -> launcher.javaCommand("upload-gateway", 256, "com.snapmap.gateway.GatewayMain"), () -> {
            UpAddresses at = at();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("GATEWAY_API_KEYS", DevApiKey.gatewayEntry(apiKey));
            env.put("GATEWAY_HOST", "127.0.0.1");
            env.put("GATEWAY_PORT", Integer.toString(at.ports().gateway()));
            env.put("AZURE_STORAGE_CONNECTION_STRING", at.azureConnectionString());
            env.put("MONGO_URI", at.mongoUri());
            env.put("KAFKA_BOOTSTRAP_SERVERS", at.kafkaBootstrap());
            return env;
        }, () -> Readiness.httpOk(at().gatewayUrl() + "/health"), "gateway");
        watch("gateway", ServiceProbes.http(at().gatewayUrl() + "/health", 300));
    }

    /** The session cluster (JobManager, TaskManager); with free ports, retried on fresh ones. */
    void startFlink() {
        if (!launcher.freePorts()) {
            startFlinkOnce();
            return;
        }
        PortRetry.start("flink", launcher.ports().flinkRest(), () -> launcher.freshPorts("flink rest", "flink rpc"), port -> {
            try {
                startFlinkOnce();
            } catch (RuntimeException e) {
                stopFlink();
                throw e;
            }
        }, port -> out.println("flink: retrying on ports " + launcher.ports().flinkRest() + ", " + launcher.ports().flinkRpc()));
    }

    private void startFlinkOnce() {
        flink = new FlinkSessionCluster(layout.flinkWork(), layout.flinkLib());
        UpPorts ports = launcher.ports();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("rest.port", Integer.toString(ports.flinkRest()));
        overrides.put("jobmanager.rpc.port", Integer.toString(ports.flinkRpc()));
        // A killed TaskManager is noticed after two failed heartbeats: seconds, not half a minute.
        overrides.put("heartbeat.interval", "2000");
        flink.start(layout.flinkConf(), overrides, ServiceLauncher.SERVICE_TIMEOUT);
        String restUrl = new UpAddresses(ports).flinkRest();
        FlinkRestClient rest = new FlinkRestClient(restUrl);
        for (String role : List.of("jobmanager", "taskmanager")) {
            SupervisedProcess p = new SupervisedProcess(role, () -> {
                flink.restart(role);
                return flink.process(role).orElseThrow();
            }, role.equals("jobmanager") ? () -> rest.taskManagersAndSlots().isPresent()
                    : () -> rest.taskManagersAndSlots().map(t -> t[0] >= 1).orElse(false), health);
            p.adopt(flink.process(role).orElseThrow(), ServiceLauncher.SERVICE_TIMEOUT);
            services.put(role, p);
        }
        out.printf("flink ready: %s (%.1f s)%n", restUrl, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The JobManager answers its REST overview; the TaskManager is registered with it. While the
     * JobManager does not answer, the TaskManager's probe passes: the JobManager's own probe covers
     * that, and a TaskManager is not restarted for its JobManager's fault.
     */
    void watchFlink() {
        FlinkRestClient rest = new FlinkRestClient(at().flinkRest());
        watch("jobmanager", ServiceProbes.http(at().flinkRest() + "/overview", 300));
        watch("taskmanager", () -> {
            if (rest.taskManagersAndSlots().map(t -> t[0] < 1).orElse(false)) {
                throw new IllegalStateException("no taskmanager registered with the jobmanager");
            }
        });
    }

    /** Stops the session cluster, if it was started (also removes its pid files). */
    void stopFlink() {
        if (flink != null) {
            flink.stop();
        }
    }

    /** No more probes from here on (on the way down). */
    synchronized void stopProbing() {
        if (probes != null) {
            probes.close();
        }
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
}
