package com.snapmap.stack.up;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.bson.Document;

/**
 * Health probes, not liveness: every few seconds each supervised service is asked to do real work
 * (Kafka a metadata request, the MongoDB-wire server a ping, Azurite and the gateway an HTTP
 * request, Flink its REST overview), with a short timeout, and the answer goes to its {@link
 * SupervisedProcess}, which reports it DEGRADED and restarts it when it keeps failing. A process
 * that lives but does not answer (stopped, deadlocked, its store broken) is noticed this way.
 */
final class ServiceProbes implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** One probe: returns normally when the service did the work, throws saying why otherwise. */
    @FunctionalInterface
    interface Probe {
        void check() throws Exception;
    }

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "probe-clock"));
    private final ExecutorService probing = Executors.newCachedThreadPool(r -> daemon(r, "probe"));
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();

    /** Probes each service every {@code interval}; a probe still running (hung) is not started twice. */
    ServiceProbes(Map<String, SupervisedProcess> services, Map<String, Probe> probes, Duration interval) {
        clock.scheduleWithFixedDelay(() -> probes.forEach((name, probe) -> {
            SupervisedProcess p = services.get(name);
            if (p == null || !p.alive() || !inFlight.add(name)) {
                return;
            }
            long pid = p.pid();
            probing.execute(() -> {
                boolean ok = false;
                String detail = "";
                try {
                    probe.check();
                    ok = true;
                } catch (Exception e) {
                    detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                }
                try {
                    if (p.pid() == pid) { // an answer about a process since restarted is not about the new one
                        p.probed(ok, detail, System.nanoTime());
                    }
                } finally {
                    inFlight.remove(name);
                }
            });
        }), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kafka: the cluster's nodes, through an admin client kept for the probes. */
    Probe kafka(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        Admin admin = kept("kafka", () -> Admin.create(props));
        return () -> {
            if (admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                throw new IllegalStateException("no broker in the metadata");
            }
        };
    }

    /** The MongoDB-wire server: {@code ping}, through a client kept for the probes. */
    Probe mongo(String uri) {
        MongoClient client = kept("mongo", () -> MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .build()));
        return () -> client.getDatabase("admin").runCommand(new Document("ping", 1));
    }

    /** An HTTP GET that must answer with a status below {@code maxStatus} (Azurite answers 403 without a signature). */
    static Probe http(String url, int maxStatus) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return () -> {
            int status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= maxStatus) {
                throw new IllegalStateException("GET " + url + " answered " + status);
            }
        };
    }

    private <T extends AutoCloseable> T kept(String name, Supplier<T> create) {
        T client = create.get();
        clients.put(name, client);
        return client;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        clock.shutdownNow();
        probing.shutdownNow();
        clients.values().forEach(c -> {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a probe's client on the way down
            }
        });
    }
}
