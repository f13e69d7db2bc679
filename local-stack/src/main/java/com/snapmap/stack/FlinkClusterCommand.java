package com.snapmap.stack;

import com.snapmap.cli.OneLineUsageErrors;
import com.snapmap.stack.FlinkRestClient.FlinkRestException;
import com.snapmap.stack.FlinkRestClient.JobSummary;
import com.snapmap.stack.FlinkSessionCluster.Handle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The Flink verbs of {@code ./snapmap} (flink-start, flink-stop, flink-status, jobs, submit, savepoint,
 * stop-job, cancel, flink-help) for the local standalone session cluster and for any Flink REST
 * endpoint. Called by {@code scripts/flink-verbs.sh} with the class path
 * {@code local-stack/target/classes:local-stack/target/flink-lib/*} plus local-stack's runtime class path.
 *
 * <p>Exit codes: 0 success, 1 the operation failed, 2 bad usage. Errors are one line on stderr;
 * every option is checked as it is parsed, before anything is started or sent.
 */
@Command(name = "snapmap", mixinStandardHelpOptions = true,
        subcommands = {FlinkClusterCommand.Start.class, FlinkClusterCommand.Stop.class, FlinkClusterCommand.Status.class,
                FlinkClusterCommand.Jobs.class, FlinkClusterCommand.Submit.class, FlinkClusterCommand.Savepoint.class,
                FlinkClusterCommand.StopJob.class, FlinkClusterCommand.Cancel.class, FlinkClusterCommand.Help.class},
        description = "The Flink session cluster's verbs. Environment: SNAPMAP_FLINK_WORK_DIR, SNAPMAP_FLINK_CONF_DIR, "
                + "SNAPMAP_FLINK_LIB_DIR, SNAPMAP_FLINK_REST (the defaults of the options below).")
public final class FlinkClusterCommand implements Runnable {

    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(10);

    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "the local cluster's folder (default .snapmap/flink)")
    Path workDir;
    @Option(names = "--conf-dir", paramLabel = "DIR", description = "the Flink configuration to start from (default flink-conf)")
    Path confDir;
    @Option(names = "--lib-dir", paramLabel = "DIR", description = "the Flink runtime jars (default local-stack/target/flink-lib)")
    Path libDir;
    @Option(names = "--rest", paramLabel = "URL", description = "a cluster's REST API (default: the cluster recorded in the work dir)")
    String restUrl;

    FlinkClusterCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.workDir = Path.of(env.getOrDefault("SNAPMAP_FLINK_WORK_DIR", ".snapmap/flink"));
        this.confDir = Path.of(env.getOrDefault("SNAPMAP_FLINK_CONF_DIR", "flink-conf"));
        this.libDir = Path.of(env.getOrDefault("SNAPMAP_FLINK_LIB_DIR", "local-stack/target/flink-lib"));
        this.restUrl = env.get("SNAPMAP_FLINK_REST");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine cl = new CommandLine(new FlinkClusterCommand(out, env));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        OneLineUsageErrors.forVerbs(cl, "flink-help", err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean expected = e instanceof FlinkRestException || e instanceof IllegalStateException || e instanceof IllegalArgumentException;
            err.println("snapmap: error: " + (expected ? e.getMessage() : e.toString()));
            return 1;
        });
        return cl.execute(args);
    }

    /** No verb. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing verb");
    }

    private FlinkSessionCluster cluster() {
        return new FlinkSessionCluster(new WorkDir(workDir), libDir);
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

    @Command(name = "flink-start", mixinStandardHelpOptions = true, description = "start JobManager + TaskManager, wait until ready")
    static final class Start implements Callable<Integer> {
        @ParentCommand FlinkClusterCommand root;
        @Option(names = "-D", paramLabel = "key=value", description = "a Flink setting over flink-conf/config.yaml and the local overrides")
        Map<String, String> overrides = new LinkedHashMap<>();
        @Option(names = "--timeout", paramLabel = "SECONDS", converter = FlinkVerbValues.Positive.class, defaultValue = "120",
                description = "how long to wait for the TaskManager's slots (default ${DEFAULT-VALUE})")
        int timeoutS;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            Handle h = root.cluster().start(root.confDir, overrides, Duration.ofSeconds(timeoutS));
            root.out.printf("Flink session cluster ready in %.1f s: %s (jobmanager pid %d, taskmanager pid %d, %d slots)%n",
                    (System.nanoTime() - t0) / 1e9, h.restUrl(), h.jobManagerPid(), h.taskManagerPid(), h.slots());
            root.out.println("logs: " + new WorkDir(root.workDir).logDir());
            return 0;
        }
    }

    @Command(name = "flink-stop", mixinStandardHelpOptions = true, description = "stop both processes of the local cluster")
    static final class Stop implements Callable<Integer> {
        @ParentCommand FlinkClusterCommand root;

        @Override
        public Integer call() {
            root.out.println(root.cluster().stop() ? "Flink session cluster stopped" : "no Flink session cluster was running");
            return 0;
        }
    }

    @Command(name = "flink-status", mixinStandardHelpOptions = true, description = "processes, RSS, slots, jobs (exit 1 if a process died)")
    static final class Status implements Callable<Integer> {
        @ParentCommand FlinkClusterCommand root;

        @Override
        public Integer call() {
            WorkDir wd = new WorkDir(root.workDir);
            Handle h = FlinkSessionCluster.read(wd)
                    .orElseThrow(() -> new IllegalStateException("no Flink session cluster recorded in " + wd.root()));
            boolean jm = ProcessInspection.isAlive(h.jobManagerPid(), FlinkJvmLauncher.JM_MAIN);
            boolean tm = ProcessInspection.isAlive(h.taskManagerPid(), FlinkJvmLauncher.TM_MAIN);
            root.out.printf("jobmanager  pid %d %s%s%n", h.jobManagerPid(), jm ? "running" : "DEAD", rss(jm, h.jobManagerPid()));
            root.out.printf("taskmanager pid %d %s%s%n", h.taskManagerPid(), tm ? "running" : "DEAD", rss(tm, h.taskManagerPid()));
            var o = new FlinkRestClient(h.restUrl()).overview();
            root.out.printf("rest %s: flink %s, %d taskmanager(s), %d/%d slots free, jobs running %d%n", h.restUrl(),
                    o.path("flink-version").asText(), o.path("taskmanagers").asInt(), o.path("slots-available").asInt(),
                    o.path("slots-total").asInt(), o.path("jobs-running").asInt());
            if (!jm || !tm) {
                throw new IllegalStateException("cluster is degraded; see " + wd.logDir());
            }
            return 0;
        }

        private static String rss(boolean alive, long pid) {
            long kib = alive ? ProcessInspection.rssKiB(pid) : -1;
            return kib < 0 ? "" : String.format(", RSS %d MiB", kib / 1024);
        }
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "list the cluster's jobs: id, state, name")
    static final class Jobs implements Callable<Integer> {
        @ParentCommand FlinkClusterCommand root;

        @Override
        public Integer call() {
            for (JobSummary j : root.client().jobs()) {
                root.out.println(j.id() + "  " + j.state() + "  " + j.name());
            }
            return 0;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "submit a job jar and print the job id; job args go after --")
    static final class Submit implements Callable<Integer> {
        @ParentCommand FlinkClusterCommand root;
        @Spec CommandSpec spec;
        @Option(names = "--jar", paramLabel = "JAR", required = true, description = "the job jar (the launcher's default: the clustering job's)")
        Path jar;
        @Option(names = "--parallelism", paramLabel = "N", converter = FlinkVerbValues.Positive.class, description = "the job's parallelism")
        Integer parallelism;
        @Option(names = "--savepoint", paramLabel = "PATH", converter = FlinkVerbValues.SavepointUri.class, description = "restore from this savepoint")
        String savepoint;
        @Option(names = "--entry-class", paramLabel = "CLASS", description = "the job's main class (default: the jar's manifest)")
        String entryClass;
        @Parameters(paramLabel = "JOB_ARG", description = "the job's own arguments, after --")
        List<String> jobArgs = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> argv = spec.commandLine().getParseResult().originalArgs();
            int dashes = argv.indexOf("--");
            if (jobArgs.size() != (dashes < 0 ? 0 : argv.size() - dashes - 1)) {
                throw new ParameterException(spec.commandLine(), "unexpected argument '" + jobArgs.get(0) + "' (job args go after --)");
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no such jar: " + jar);
            }
            root.out.println(root.client().submit(jar, entryClass, jobArgs, parallelism, savepoint));
            return 0;
        }
    }

    /** What savepoint and stop-job take: a job and where its savepoint goes. */
    abstract static class SavepointVerb implements Callable<Integer> {
        @ParentCommand FlinkClusterCommand root;
        @Parameters(paramLabel = "JOBID", converter = FlinkVerbValues.JobId.class, description = "the job (see ./snapmap jobs)")
        String jobId;
        @Option(names = "--target", paramLabel = "DIR", converter = FlinkVerbValues.SavepointUri.class,
                description = "where to write it (default: execution.checkpointing.savepoint-dir)")
        String target;
    }

    @Command(name = "savepoint", mixinStandardHelpOptions = true, description = "take a savepoint of a running job and print its path")
    static final class Savepoint extends SavepointVerb {
        @Override
        public Integer call() {
            root.out.println(root.client().savepoint(jobId, target, SAVEPOINT_TIMEOUT));
            return 0;
        }
    }

    @Command(name = "stop-job", mixinStandardHelpOptions = true, description = "stop a job with a savepoint (no drain) and print its path")
    static final class StopJob extends SavepointVerb {
        @Override
        public Integer call() {
            root.out.println(root.client().stopWithSavepoint(jobId, target, SAVEPOINT_TIMEOUT));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "cancel a job without a savepoint")
    static final class Cancel implements Callable<Integer> {
        @ParentCommand FlinkClusterCommand root;
        @Parameters(paramLabel = "JOBID", converter = FlinkVerbValues.JobId.class, description = "the job (see ./snapmap jobs)")
        String jobId;

        @Override
        public Integer call() {
            root.client().cancel(jobId);
            root.out.println("cancelled " + jobId);
            return 0;
        }
    }

    @Command(name = "flink-help", description = "these verbs' usage, with their global options and environment variables")
    static final class Help implements Callable<Integer> {
        @ParentCommand FlinkClusterCommand root;

        @Override
        public Integer call() {
            root.spec.commandLine().usage(root.out);
            return 0;
        }
    }
}
