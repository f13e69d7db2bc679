package com.snapmap.system;

import com.snapmap.testkit.Directories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.snapmap.stack.up.UpEnv;
import com.snapmap.stack.up.UpLayout;
import com.snapmap.stack.up.UpState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system as a newcomer runs it: {@code ./snapmap up --free-ports} in a fresh folder,
 * {@code ./snapmap demo}, its known events through {@code GET /v1/events}, the map page in
 * headless Chromium (screenshot kept under target/system-test), a killed TaskManager repaired by
 * the supervisor, {@code ./snapmap down} with no process left behind; then a second {@code up} on
 * the same folder finds the same events.
 */
class WholeSystemITCase {

    private static final Path ROOT = Path.of(System.getProperty("snapmap.root", "..")).toAbsolutePath().normalize();
    private static final Path ARTIFACTS = Path.of(System.getProperty("snapmap.artifacts", "target/system-test")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path home;
    private static Launcher snapmap;

    @BeforeAll
    static void freshFolder() throws IOException {
        assertThat(Path.of(ChromiumCli.BINARY)).as("headless Chromium (Debian: apt-get install chromium)").exists();
        home = Files.createTempDirectory("snapmap-system-");
        snapmap = new Launcher(ROOT, home, ARTIFACTS);
    }

    @AfterAll
    static void nothingLeftRunning() throws Exception {
        if (snapmap == null) {
            return;
        }
        if (!snapmap.processesOfHome().isEmpty()) {
            snapmap.run(Duration.ofMinutes(8), "down");
        }
        // The services' logs stay with the build's artifacts; the data goes.
        if (Files.isDirectory(home.resolve("log"))) {
            try (var logs = Files.list(home.resolve("log"))) {
                for (Path log : logs.toList()) {
                    Files.copy(log, Files.createDirectories(ARTIFACTS.resolve("logs")).resolve(log.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Directories.deleteTree(home);
    }

    @Test
    void upDemoMapDownUpAgain() throws Exception {
        Launcher.Run up = snapmap.run(Duration.ofMinutes(10), "up", "--free-ports");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("snapmap: ready in");
        UpEnv env = upEnv();
        assertThat(env.keys()).contains("GATEWAY_URL", "SNAPMAP_API_KEY", "KAFKA_BOOTSTRAP_SERVERS", "MONGO_URI", "FLINK_REST");

        Launcher.Run demo = snapmap.run(Duration.ofMinutes(8), "demo");
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        JsonNode known = JSON.readTree(home.resolve("demo-report.json").toFile());
        assertThat(known).hasSize(4);
        Map<String, Integer> found = eventsFound(env, known);
        known.forEach(k -> assertThat(found).containsEntry(k.path("eventId").asText(), k.path("photos").asInt()));

        mapPage(env, known);
        Launcher.Run status = snapmap.run(Duration.ofMinutes(2), "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("RUNNING, (\\d+)/\\1 tasks running").doesNotContain("DEGRADED");

        taskManagerCrashIsRepaired();
        downLeavesNothing();

        Launcher.Run again = snapmap.run(Duration.ofMinutes(10), "up", "--free-ports");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("restored from file:").contains("/savepoints/savepoint-");
        UpEnv env2 = upEnv();
        assertThat(eventsFound(env2, known)).isEqualTo(found);
        downLeavesNothing();
    }

    /** For each known event, GET /v1/events around its place: eventId → photoCount of what it answers. */
    private static Map<String, Integer> eventsFound(UpEnv env, JsonNode known) throws Exception {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JsonNode k : known) {
            String q = "/v1/events?lat=" + k.path("lat").asDouble() + "&lon=" + k.path("lon").asDouble() + "&radiusM=1000&from="
                    + URLEncoder.encode(k.path("from").asText(), StandardCharsets.UTF_8) + "&to=" + URLEncoder.encode(k.path("to").asText(), StandardCharsets.UTF_8);
            HttpResponse<String> r = get(env, q);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (JsonNode e : JSON.readTree(r.body()).path("events")) {
                if (e.path("eventId").asText().equals(k.path("eventId").asText())) {
                    out.put(e.path("eventId").asText(), e.path("photoCount").asInt());
                }
            }
        }
        return out;
    }

    /**
     * The page at / in headless Chromium, the API key in the fragment, framed on Lyon and Berlin:
     * once the map page is served, its #map says how many events it drew (data-event-count).
     */
    private static void mapPage(UpEnv env, JsonNode known) throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(env.get("GATEWAY_URL") + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        String url = env.get("GATEWAY_URL") + "/#key=" + env.get("SNAPMAP_API_KEY")
                + "&bbox=3.5,44.5,14.5,53.5&from=" + known.get(0).path("from").asText() + "&to=" + known.get(0).path("to").asText();
        ChromiumCli.screenshot(url, ARTIFACTS.resolve("map.png"), 20_000);
        assertThat(ARTIFACTS.resolve("map.png")).isNotEmptyFile();
        if (page.statusCode() == 200 && page.body().contains("id=\"map\"")) {
            Pattern count = Pattern.compile("data-event-count=\"(\\d+)\"");
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                Matcher m = count.matcher(ChromiumCli.dumpDom(url, 20_000));
                assertThat(m.find()).as("#map carries data-event-count").isTrue();
                assertThat(Integer.parseInt(m.group(1))).as("events drawn").isGreaterThanOrEqualTo(known.size());
            });
        } else {
            System.out.println("GET / answered " + page.statusCode() + " without a map page yet; screenshot taken of what is served");
        }
    }

    /** kill -9 of the TaskManager: the supervisor starts another, status counts it, the job runs all its tasks again. */
    private static void taskManagerCrashIsRepaired() throws Exception {
        long tm = UpState.read(new UpLayout(ROOT, home).stateFile()).orElseThrow().pid("taskmanager");
        assertThat(ProcessHandle.of(tm).orElseThrow().destroyForcibly()).isTrue();
        long t0 = System.nanoTime();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            Launcher.Run status = snapmap.run(Duration.ofMinutes(2), "status");
            assertThat(status.output()).containsPattern("taskmanager +running +pid +\\d+ +restarts 1")
                    .containsPattern("RUNNING, (\\d+)/\\1 tasks running");
            assertThat(status.exitCode()).isZero();
        });
        System.out.printf("TaskManager killed: job fully running again after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void downLeavesNothing() throws Exception {
        Launcher.Run down = snapmap.run(Duration.ofMinutes(6), "down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(down.output()).contains("job stopped with savepoint").doesNotContain("leftover");
        assertThat(snapmap.processesOfHome()).as("processes of " + home + " after down").isEmpty();
    }

    private static UpEnv upEnv() {
        return UpEnv.read(new UpLayout(ROOT, home).upEnv());
    }

    private static HttpResponse<String> get(UpEnv env, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(env.get("GATEWAY_URL") + path))
                .header("Authorization", "Bearer " + env.get("SNAPMAP_API_KEY")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
