package com.snapmap.stack;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Minimal client of the Flink REST API (the routes the operator tooling needs): jar upload and
 * run, job listing and state, savepoint, stop-with-savepoint, cancel. One class because each
 * method is one route and its reading of the answer; how requests are sent and errors read is
 * {@link FlinkRestTransport}. Uses only the JDK HTTP client and Flink's shaded Jackson, so it
 * runs on the flink-lib class path.
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

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String baseUrl;
    private final FlinkRestTransport transport;

    public FlinkRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.transport = new FlinkRestTransport(this.baseUrl);
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
        String filename = transport.postFile("/jars/upload", "jarfile", jar, "application/x-java-archive", Duration.ofMinutes(2))
                .path("filename").asText();
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
        ObjectNode body = JSON.objectNode();
        if (entryClass != null) {
            body.put("entryClass", entryClass);
        }
        body.putArray("programArgsList").addAll(programArgs.stream().map(JSON::textNode).toList());
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
        return root.isTextual() && !root.asText().isBlank() ? Optional.of(FlinkRestTransport.firstLine(root.asText())) : Optional.empty();
    }

    /** Cancels the job without a savepoint ({@code PATCH /jobs/:id?mode=cancel}). */
    public void cancel(String jobId) {
        call("PATCH", "/jobs/" + jobId + "?mode=cancel", null);
    }

    /** POSTs {dirKey: targetDirectory, falseFlag: false} to /jobs/:id{route}, then awaits the operation. */
    private String savepointOperation(String jobId, String route, String dirKey, String targetDirectory,
                                      String falseFlag, Duration timeout) {
        ObjectNode body = JSON.objectNode();
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
                throw new FlinkRestException("savepoint of job " + jobId + " failed: " + FlinkRestTransport.firstLine(cause));
            }
            if (System.nanoTime() > deadline) {
                throw new FlinkRestException("savepoint of job " + jobId + " not done within "
                        + timeout.toSeconds() + " s (trigger " + triggerId + ")");
            }
            FlinkSessionCluster.pause(Duration.ofMillis(250));
        }
    }

    private JsonNode call(String method, String path, JsonNode body) {
        return transport.call(method, path, body);
    }
}
