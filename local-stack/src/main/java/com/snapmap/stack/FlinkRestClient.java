package com.snapmap.stack;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Minimal client of the Flink REST API (the routes the operator tooling needs): jar upload and
 * run, job listing, savepoint, stop-with-savepoint, cancel. Uses only the JDK HTTP client and
 * Flink's shaded Jackson, so it runs on the flink-lib class path.
 */
public final class FlinkRestClient {

    /** One row of {@code /jobs/overview}. */
    public record JobSummary(String id, String name, String state) {}

    /** A REST call that Flink answered with an error, or that could not be made. */
    public static final class FlinkRestException extends RuntimeException {
        public FlinkRestException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;

    public FlinkRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET /overview}: cluster summary (taskmanagers, slots, jobs). */
    public JsonNode overview() {
        return call("GET", "/overview", null);
    }

    /** [taskmanagers, slots-total] if the REST endpoint answers, empty while it is not up yet. */
    public Optional<int[]> taskManagersAndSlots() {
        try {
            JsonNode o = overview();
            return Optional.of(new int[] {o.path("taskmanagers").asInt(), o.path("slots-total").asInt()});
        } catch (FlinkRestException e) {
            return Optional.empty();
        }
    }

    /** Uploads a jar ({@code POST /jars/upload}) and returns its jar id. */
    public String uploadJar(Path jar) {
        String boundary = "----snapmap" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body;
        try {
            body = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new FlinkRestException("cannot read jar " + jar + ": " + e.getMessage());
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, body, tail)))
                .build();
        String filename = send(req, "/jars/upload").path("filename").asText();
        if (filename.isEmpty()) {
            throw new FlinkRestException("jar upload returned no file name");
        }
        return Path.of(filename).getFileName().toString();
    }

    /**
     * Runs an uploaded jar ({@code POST /jars/:jarid/run}); {@code savepointPath} restores the job
     * from a savepoint, never dropping state that no operator claims.
     *
     * @return the job id
     */
    public String runJar(String jarId, String entryClass, List<String> programArgs, Integer parallelism,
                         String savepointPath) {
        ObjectNode body = JSON.createObjectNode();
        if (entryClass != null) {
            body.put("entryClass", entryClass);
        }
        body.putArray("programArgsList").addAll(programArgs.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (parallelism != null) {
            body.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
        }
        body.put("allowNonRestoredState", false);
        return call("POST", "/jars/" + jarId + "/run", body).path("jobid").asText();
    }

    /** Upload + run, then removes the uploaded copy. */
    public String submit(Path jar, String entryClass, List<String> programArgs, Integer parallelism,
                         String savepointPath) {
        String jarId = uploadJar(jar);
        try {
            return runJar(jarId, entryClass, programArgs, parallelism, savepointPath);
        } finally {
            try {
                call("DELETE", "/jars/" + jarId, null);
            } catch (FlinkRestException ignored) {
                // the uploaded copy stays in web.upload.dir; harmless
            }
        }
    }

    /** {@code GET /jobs/overview}. */
    public List<JobSummary> jobs() {
        List<JobSummary> jobs = new ArrayList<>();
        for (JsonNode j : call("GET", "/jobs/overview", null).path("jobs")) {
            jobs.add(new JobSummary(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()));
        }
        return jobs;
    }

    /** {@code GET /jobs/:jobid}: job details (state, vertices). */
    public JsonNode job(String jobId) {
        return call("GET", "/jobs/" + jobId, null);
    }

    /** True if the job is RUNNING and so is every task of every vertex (savepoints need that). */
    public boolean isFullyRunning(String jobId) {
        JsonNode job = job(jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (!"RUNNING".equals(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The job's real state: its own state plus how many of its tasks run. Flink keeps a job
     * RUNNING while its tasks wait for slots that never come (a dead TaskManager); this does not.
     */
    public record TaskState(String jobState, int runningTasks, int totalTasks) {
        public boolean fullyRunning() {
            return "RUNNING".equals(jobState) && totalTasks > 0 && runningTasks == totalTasks;
        }

        @Override
        public String toString() {
            return (fullyRunning() ? "RUNNING" : "RUNNING".equals(jobState) ? "DEGRADED (job RUNNING)" : jobState)
                    + ", " + runningTasks + "/" + totalTasks + " tasks running";
        }
    }

    /** {@link TaskState} from {@code GET /jobs/:id} (per-vertex task counts). */
    public TaskState taskState(String jobId) {
        JsonNode job = job(jobId);
        int running = 0;
        int total = 0;
        for (JsonNode v : job.path("vertices")) {
            total += v.path("parallelism").asInt();
            running += v.path("tasks").path("RUNNING").asInt();
        }
        return new TaskState(job.path("state").asText(), running, total);
    }

    /** The savepoint / checkpoint the job was restored from ({@code /jobs/:id/checkpoints}), if any. */
    public Optional<String> restoredFrom(String jobId) {
        JsonNode restored = call("GET", "/jobs/" + jobId + "/checkpoints", null).path("latest").path("restored");
        return restored.hasNonNull("external_path") ? Optional.of(restored.get("external_path").asText()) : Optional.empty();
    }

    /** Triggers a savepoint ({@code POST /jobs/:id/savepoints}); waits and returns its path. */
    public String savepoint(String jobId, String targetDirectory, Duration timeout) {
        return savepointOperation(jobId, "/savepoints", "target-directory", targetDirectory, "cancel-job", timeout);
    }

    /**
     * Stops the job with a savepoint ({@code POST /jobs/:id/stop}, {@code drain=false}: no
     * end-of-input is emitted, so the job can resume from the savepoint); waits for it and
     * returns the savepoint path.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) {
        return savepointOperation(jobId, "/stop", "targetDirectory", targetDirectory, "drain", timeout);
    }

    /**
     * Metrics of a job vertex summed over its subtasks ({@code GET
     * /jobs/:id/vertices/:vid/subtasks/metrics?get=...&agg=sum}); a metric Flink does not know is absent.
     */
    public Map<String, Double> vertexMetricSums(String jobId, String vertexId, List<String> names) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (JsonNode m : call("GET", "/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics?get="
                + String.join(",", names) + "&agg=sum", null)) {
            sums.put(m.path("id").asText(), m.path("sum").asDouble());
        }
        return sums;
    }

    /** The first line of the job's root exception ({@code GET /jobs/:id/exceptions}), if it has one. */
    public Optional<String> rootException(String jobId) {
        JsonNode root = call("GET", "/jobs/" + jobId + "/exceptions", null).path("root-exception");
        return root.isTextual() && !root.asText().isBlank() ? Optional.of(firstLine(root.asText())) : Optional.empty();
    }

    /** Cancels the job without a savepoint ({@code PATCH /jobs/:id?mode=cancel}). */
    public void cancel(String jobId) {
        call("PATCH", "/jobs/" + jobId + "?mode=cancel", null);
    }

    /** POSTs {dirKey: targetDirectory, falseFlag: false} to /jobs/:id{route}, then awaits the operation. */
    private String savepointOperation(String jobId, String route, String dirKey, String targetDirectory,
                                      String falseFlag, Duration timeout) {
        ObjectNode body = JSON.createObjectNode();
        if (targetDirectory != null) {
            body.put(dirKey, targetDirectory);
        }
        body.put(falseFlag, false);
        String trigger = call("POST", "/jobs/" + jobId + route, body).path("request-id").asText();
        return awaitSavepoint(jobId, trigger, timeout);
    }

    private String awaitSavepoint(String jobId, String triggerId, Duration timeout) {
        if (triggerId.isEmpty()) {
            throw new FlinkRestException("Flink returned no savepoint request id for job " + jobId);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode r = call("GET", "/jobs/" + jobId + "/savepoints/" + triggerId, null);
            if ("COMPLETED".equals(r.path("status").path("id").asText())) {
                JsonNode op = r.path("operation");
                if (op.hasNonNull("location")) {
                    return op.get("location").asText();
                }
                String cause = op.path("failure-cause").path("stack-trace").asText("unknown failure");
                throw new FlinkRestException("savepoint of job " + jobId + " failed: " + firstLine(cause));
            }
            if (System.nanoTime() > deadline) {
                throw new FlinkRestException("savepoint of job " + jobId + " not done within "
                        + timeout.toSeconds() + " s (trigger " + triggerId + ")");
            }
            FlinkSessionCluster.pause(Duration.ofMillis(250));
        }
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b.build(), method + " " + path);
    }

    private JsonNode send(HttpRequest req, String what) {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new FlinkRestException("no Flink REST API at " + baseUrl + " (is the cluster running?)");
        } catch (IOException e) {
            throw new FlinkRestException(what + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException(what + " interrupted");
        }
        JsonNode json;
        try {
            json = resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
        } catch (IOException e) {
            json = JSON.createObjectNode().put("raw", resp.body());
        }
        if (resp.statusCode() >= 300) {
            JsonNode errors = json.path("errors");
            StringBuilder msg = new StringBuilder();
            errors.forEach(e -> msg.append(e.asText()).append('\n'));
            if (msg.length() == 0) {
                msg.append(resp.body());
            }
            throw new FlinkRestException(what + " -> HTTP " + resp.statusCode() + ": " + summary(msg.toString()));
        }
        return json;
    }

    /** First line of a server-side stack trace plus its innermost "Caused by:", on one line. */
    static String summary(String s) {
        String first = firstLine(s);
        String root = null;
        for (String line : s.split("\n")) {
            if (line.strip().startsWith("Caused by:")) {
                root = line.strip();
            }
        }
        return root == null || first.contains(root) ? first : first + " / " + root;
    }

    static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
