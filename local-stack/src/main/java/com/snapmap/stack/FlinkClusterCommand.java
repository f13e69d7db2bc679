package com.snapmap.stack;

import com.snapmap.stack.FlinkRestClient.FlinkRestException;
import com.snapmap.stack.FlinkRestClient.JobSummary;
import com.snapmap.stack.FlinkSessionCluster.Handle;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Operator CLI for the local standalone Flink session cluster and for any Flink REST endpoint.
 * Meant to be called by {@code ./snapmap} (see {@code scripts/flink-verbs.sh}) with the class path
 * {@code local-stack/target/classes:local-stack/target/flink-lib/*}.
 *
 * <p>Exit codes: 0 success, 1 the operation failed, 2 bad usage. Errors are one line on stderr.
 */
public final class FlinkClusterCommand {

    static final String USAGE = String.join("\n",
            "usage: FlinkClusterCommand [global options] VERB [verb args]",
            "verbs:",
            "  flink-start [-Dkey=value ...] [--timeout SECONDS]   start JobManager + TaskManager, wait until ready",
            "  flink-stop                                         stop both processes",
            "  flink-status                                       processes, RSS, slots, jobs",
            "  submit --jar JAR [--parallelism N] [--savepoint PATH] [--entry-class CLASS] [-- job args]",
            "  savepoint JOBID [--target DIR]                      trigger a savepoint, print its path",
            "  stop-job JOBID [--target DIR]                       stop with savepoint (no drain), print its path",
            "  cancel JOBID                                       cancel without savepoint",
            "  jobs                                               list jobs: id, state, name",
            "global options (or env):",
            "  --work-dir DIR   ($SNAPMAP_FLINK_WORK_DIR, default .snapmap/flink)",
            "  --conf-dir DIR   ($SNAPMAP_FLINK_CONF_DIR, default flink-conf)",
            "  --lib-dir DIR    ($SNAPMAP_FLINK_LIB_DIR, default local-stack/target/flink-lib)",
            "  --rest URL       ($SNAPMAP_FLINK_REST, default: the cluster recorded in the work dir)");

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(10);

    /** Bad command line: exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private final PrintStream out;
    private final Map<String, String> env;
    private Path workDir;
    private Path confDir;
    private Path libDir;
    private String restUrl;

    FlinkClusterCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            new FlinkClusterCommand(out, env).execute(List.of(args));
            return 0;
        } catch (UsageException e) {
            err.println("snapmap: " + e.getMessage() + " (try: snapmap flink-help)");
            return 2;
        } catch (FlinkRestException | IllegalStateException | IllegalArgumentException e) {
            err.println("snapmap: error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("snapmap: error: " + e);
            return 1;
        }
    }

    void execute(List<String> args) {
        workDir = Path.of(env.getOrDefault("SNAPMAP_FLINK_WORK_DIR", ".snapmap/flink"));
        confDir = Path.of(env.getOrDefault("SNAPMAP_FLINK_CONF_DIR", "flink-conf"));
        libDir = Path.of(env.getOrDefault("SNAPMAP_FLINK_LIB_DIR", "local-stack/target/flink-lib"));
        restUrl = env.get("SNAPMAP_FLINK_REST");
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("--")) {
            String opt = args.get(i);
            String val = value(args, i);
            switch (opt) {
                case "--work-dir" -> workDir = Path.of(val);
                case "--conf-dir" -> confDir = Path.of(val);
                case "--lib-dir" -> libDir = Path.of(val);
                case "--rest" -> restUrl = val;
                default -> throw new UsageException("unknown option " + opt);
            }
            i += 2;
        }
        if (i >= args.size()) {
            throw new UsageException("missing verb");
        }
        String verb = args.get(i);
        List<String> rest = args.subList(i + 1, args.size());
        switch (verb) {
            case "flink-start" -> start(rest);
            case "flink-stop" -> { noArgs(verb, rest); stop(); }
            case "flink-status" -> { noArgs(verb, rest); status(); }
            case "submit" -> submit(rest);
            case "savepoint" -> savepoint(rest, false);
            case "stop-job" -> savepoint(rest, true);
            case "cancel" -> { String id = jobIdOnly(verb, rest); client().cancel(id); out.println("cancelled " + id); }
            case "jobs" -> { noArgs(verb, rest); jobs(); }
            case "help", "flink-help", "-h", "--help" -> out.println(USAGE);
            default -> throw new UsageException("unknown verb '" + verb + "'");
        }
    }

    private FlinkSessionCluster cluster() {
        return new FlinkSessionCluster(new WorkDir(workDir), libDir);
    }

    private void start(List<String> args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        Duration timeout = Duration.ofSeconds(120);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-D") && a.indexOf('=') > 2) {
                overrides.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.equals("--timeout")) {
                timeout = Duration.ofSeconds(positiveInt("--timeout", value(args, i++)));
            } else {
                throw new UsageException("flink-start: unexpected argument '" + a + "'");
            }
        }
        long t0 = System.nanoTime();
        Handle h = cluster().start(confDir, overrides, timeout);
        out.printf("Flink session cluster ready in %.1f s: %s (jobmanager pid %d, taskmanager pid %d, %d slots)%n",
                (System.nanoTime() - t0) / 1e9, h.restUrl(), h.jobManagerPid(), h.taskManagerPid(), h.slots());
        out.println("logs: " + new WorkDir(workDir).logDir());
    }

    private void stop() {
        out.println(cluster().stop() ? "Flink session cluster stopped" : "no Flink session cluster was running");
    }

    private void status() {
        WorkDir wd = new WorkDir(workDir);
        Optional<Handle> h = FlinkSessionCluster.read(wd);
        if (h.isEmpty()) {
            throw new IllegalStateException("no Flink session cluster recorded in " + wd.root());
        }
        boolean jm = ProcessInspection.isAlive(h.get().jobManagerPid(), FlinkJvmLauncher.JM_MAIN);
        boolean tm = ProcessInspection.isAlive(h.get().taskManagerPid(), FlinkJvmLauncher.TM_MAIN);
        out.printf("jobmanager  pid %d %s%s%n", h.get().jobManagerPid(), jm ? "running" : "DEAD", rss(jm, h.get().jobManagerPid()));
        out.printf("taskmanager pid %d %s%s%n", h.get().taskManagerPid(), tm ? "running" : "DEAD", rss(tm, h.get().taskManagerPid()));
        var o = new FlinkRestClient(h.get().restUrl()).overview();
        out.printf("rest %s: flink %s, %d taskmanager(s), %d/%d slots free, jobs running %d%n", h.get().restUrl(),
                o.path("flink-version").asText(), o.path("taskmanagers").asInt(), o.path("slots-available").asInt(),
                o.path("slots-total").asInt(), o.path("jobs-running").asInt());
        if (!jm || !tm) {
            throw new IllegalStateException("cluster is degraded; see " + wd.logDir());
        }
    }

    private static String rss(boolean alive, long pid) {
        long kib = alive ? ProcessInspection.rssKiB(pid) : -1;
        return kib < 0 ? "" : String.format(", RSS %d MiB", kib / 1024);
    }

    private void submit(List<String> args) {
        Path jar = null;
        Integer parallelism = null;
        String savepoint = null;
        String entryClass = null;
        List<String> jobArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--jar" -> jar = Path.of(value(args, i++));
                case "--parallelism" -> parallelism = positiveInt(a, value(args, i++));
                case "--savepoint" -> savepoint = savepointUri(value(args, i++));
                case "--entry-class" -> entryClass = value(args, i++);
                case "--" -> {
                    jobArgs.addAll(args.subList(i + 1, args.size()));
                    i = args.size();
                }
                default -> throw new UsageException("submit: unexpected argument '" + a + "' (job args go after --)");
            }
        }
        if (jar == null) {
            throw new UsageException("submit: --jar JAR is required");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no such jar: " + jar);
        }
        String jobId = client().submit(jar, entryClass, jobArgs, parallelism, savepoint);
        out.println(jobId);
    }

    private void savepoint(List<String> args, boolean stop) {
        String verb = stop ? "stop-job" : "savepoint";
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new UsageException(verb + ": JOBID is required");
        }
        String jobId = jobId(verb, args.get(0));
        String target = null;
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("--target")) {
                target = savepointUri(value(args, i++));
            } else {
                throw new UsageException(verb + ": unexpected argument '" + args.get(i) + "'");
            }
        }
        FlinkRestClient c = client();
        String path = stop ? c.stopWithSavepoint(jobId, target, SAVEPOINT_TIMEOUT) : c.savepoint(jobId, target, SAVEPOINT_TIMEOUT);
        out.println(path);
    }

    private void jobs() {
        for (JobSummary j : client().jobs()) {
            out.println(j.id() + "  " + j.state() + "  " + j.name());
        }
    }

    private FlinkRestClient client() {
        if (restUrl != null) {
            return new FlinkRestClient(restUrl);
        }
        return FlinkSessionCluster.read(new WorkDir(workDir)).map(h -> new FlinkRestClient(h.restUrl()))
                .orElseThrow(() -> new IllegalStateException("no Flink session cluster recorded in "
                        + new WorkDir(workDir).root() + " (run flink-start, or pass --rest URL)"));
    }

    /** Local paths become absolute file: URIs (the JobManager resolves them, not the caller's cwd). */
    static String savepointUri(String path) {
        if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return path;
        }
        return Path.of(path).toAbsolutePath().normalize().toUri().toString();
    }

    private static String jobIdOnly(String verb, List<String> args) {
        if (args.size() != 1) {
            throw new UsageException(verb + ": expects exactly one JOBID");
        }
        return jobId(verb, args.get(0));
    }

    private static String jobId(String verb, String id) {
        if (!JOB_ID.matcher(id).matches()) {
            throw new UsageException(verb + ": '" + id + "' is not a job id (32 hex digits; see: snapmap jobs)");
        }
        return id;
    }

    private static void noArgs(String verb, List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException(verb + ": unexpected argument '" + args.get(0) + "'");
        }
    }

    private static String value(List<String> args, int i) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException(args.get(i) + " needs a value");
        }
        return args.get(i + 1);
    }

    private static int positiveInt(String opt, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException(opt + " must be a positive integer, got '" + v + "'");
    }
}
