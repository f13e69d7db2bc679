package com.snapmap.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.snapmap.contract.Defaults;
import com.snapmap.contract.Topics;
import com.snapmap.stack.up.UpEnv;
import com.snapmap.stack.up.UpLayout;
import com.snapmap.stack.up.UpState;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The system {@code ./snapmap up} runs in a home: its addresses ({@code up.env}), each process's
 * pid and status as the supervisor last wrote them ({@code up/state.properties}), and probes of
 * its health.
 */
final class UpSystem {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UpLayout layout;
    private final UpEnv env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private UpSystem(UpLayout layout, UpEnv env) {
        this.layout = layout;
        this.env = env;
    }

    static UpSystem of(Path root, Path home) {
        UpLayout layout = new UpLayout(root, home);
        UpState state = UpState.read(layout.stateFile()).orElseGet(UpState::new);
        if (!"ready".equals(state.phase())) {
            throw new IllegalStateException("nothing is up in " + home + " (phase " + state.get("phase", "none")
                    + "); run ./snapmap up first, or ./snapmap chaos --scratch");
        }
        return new UpSystem(layout, UpEnv.read(layout.upEnv()));
    }

    String env(String key) {
        return env.get(key);
    }

    private UpState state() {
        return UpState.read(layout.stateFile()).orElseGet(UpState::new);
    }

    long pid(String service) {
        return state().pid(service);
    }

    /** Another process than {@code killedPid} runs the service and the supervisor calls it running. */
    boolean restarted(String service, long killedPid) {
        UpState s = state();
        long pid = s.pid(service);
        return pid > 0 && pid != killedPid && running(s, service);
    }

    /** Every service up supervises is running (as its supervisor says, and alive). */
    boolean allServicesRunning() {
        UpState s = state();
        for (Fault f : Fault.values()) {
            if (f.supervised() && !running(s, f.service)) {
                return false;
            }
        }
        return true;
    }

    /** Its pid is alive and the supervisor calls it running. */
    private static boolean running(UpState s, String service) {
        return ProcessHandle.of(s.pid(service)).map(ProcessHandle::isAlive).orElse(false)
                && "running".equals(s.get("service." + service + ".status"));
    }

    /** A job runs on the cluster with all its tasks running. */
    boolean jobRunning() {
        return jobRunningSince(Long.MIN_VALUE);
    }

    /**
     * A job runs with all its tasks running and switched to RUNNING at or after {@code epochMillis}:
     * it has restarted since then. (Right after a TaskManager's kill the JobManager still reports
     * its tasks running until it notices the loss, seconds later.)
     */
    boolean jobRunningSince(long epochMillis) {
        try {
            for (JsonNode j : JSON.readTree(get(env("FLINK_REST") + "/jobs/overview")).path("jobs")) {
                JsonNode tasks = j.path("tasks");
                if ("RUNNING".equals(j.path("state").asText()) && tasks.path("total").asInt() > 0
                        && tasks.path("running").asInt() == tasks.path("total").asInt()
                        && (epochMillis == Long.MIN_VALUE || runningSince(j.path("jid").asText()) >= epochMillis)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** When the job last switched to RUNNING (epoch millis). */
    private long runningSince(String jobId) throws IOException {
        return JSON.readTree(get(env("FLINK_REST") + "/jobs/" + jobId)).path("timestamps").path("RUNNING").asLong(Long.MIN_VALUE);
    }

    /** The end offset of each {@code photo-uploads} partition now; empty when Kafka does not answer. */
    Map<Integer, Long> uploadsEnd() {
        return offsets(admin -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.UPLOADS)).allTopicNames().get(5, TimeUnit.SECONDS).get(Topics.UPLOADS)
                    .partitions().forEach(p -> latest.put(new TopicPartition(Topics.UPLOADS, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> out = new HashMap<>();
            admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).forEach((tp, o) -> out.put(tp.partition(), o.offset()));
            return out;
        });
    }

    /** The clustering job's committed offset per {@code photo-uploads} partition; empty when Kafka does not answer. */
    Map<Integer, Long> jobCommitted() {
        return offsets(admin -> {
            Map<Integer, Long> out = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Defaults.JOB_GROUP_ID)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            committed.forEach((tp, o) -> {
                if (tp.topic().equals(Topics.UPLOADS) && o != null) {
                    out.put(tp.partition(), o.offset());
                }
            });
            return out;
        });
    }

    /** A question to Kafka's admin API whose answer is offsets by partition. */
    private interface OffsetQuery {
        Map<Integer, Long> ask(Admin admin) throws ExecutionException, TimeoutException, InterruptedException;
    }

    private Map<Integer, Long> offsets(OffsetQuery query) {
        try (Admin admin = admin()) {
            return query.ask(admin);
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env("KAFKA_BOOTSTRAP_SERVERS"));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        return Admin.create(p);
    }

    boolean gatewayHealthy() {
        try {
            get(env("GATEWAY_URL") + "/health");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String get(String url) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(url + " answered " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * One sweep, as up's schedule runs it (the sweeper's class path from the build, marked as this
     * home's so {@code down} stops it), its output appended to {@code log/chaos-sweep.log}.
     */
    Process startSweep(long graceS) {
        Path home = layout.home();
        String cp = layout.classPath("sweeper");
        try {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m", "-Dsnapmap.home=" + home + "/", "-cp", cp, "com.snapmap.sweeper.SweeperMain",
                    "--mongo.uri", env("MONGO_URI"), "--kafka.bootstrap-servers", env("KAFKA_BOOTSTRAP_SERVERS"),
                    "--grace-s", Long.toString(graceS)));
            Files.createDirectories(layout.logDir());
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log("chaos-sweep").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a sweep", e);
        }
    }
}
