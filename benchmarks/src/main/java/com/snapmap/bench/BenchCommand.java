package com.snapmap.bench;

import com.snapmap.cli.OneLineUsageErrors;
import com.snapmap.testkit.Directories;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import com.snapmap.job.prod.JobSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./snapmap bench}: every figure of docs/SERVICE-LEVELS.md from one run, as a table, Markdown, PNG and JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the clustering graph against the floor of a bare Flink graph, the offline reference and the "
                + "seed's naive worker, and end to end on the local Kafka and MongoDB-wire servers: the job on a MiniCluster "
                + "and the job jar on a standalone Flink cluster.",
                "Prints one table; writes it as Markdown, a PNG chart and JSON.",
                "'bench race' races the seed's naive worker against our job end to end (its own table)."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "smaller loads: under 5 minutes on 2 cores (full: under 20)")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "JSON output (default: ${DEFAULT-VALUE})")
    Path json = Path.of(".snapmap/bench/bench.json");

    @Option(names = "--markdown", paramLabel = "FILE", description = "Markdown table (default: ${DEFAULT-VALUE})")
    Path markdown = Path.of(".snapmap/bench/bench.md");

    @Option(names = "--png", paramLabel = "FILE", description = "throughput chart (default: ${DEFAULT-VALUE})")
    Path png = Path.of(".snapmap/bench/bench.png");

    @Option(names = "--seed", description = "seed of the generated loads (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--skip", split = ",", paramLabel = "PART", description = "parts to leave out: jmh, graph, naive, e2e, cluster, gateway")
    Set<String> skip = Set.of();

    @Option(names = "--job", paramLabel = "KEY=VALUE", description = "a setting of the end-to-end jobs (e2e, cluster), as the job's "
            + "--help lists them; repeatable, e.g. --job events.place-lookup=false")
    Map<String, String> job = new LinkedHashMap<>();

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new BenchCommand(out, err));
        cl.addSubcommand("race", new RaceCommand(out, err));
        return OneLineUsageErrors.forVerb(cl, "bench", err);
    }

    @Override
    public Integer call() throws Exception {
        for (String part : skip) {
            if (!Set.of("jmh", "graph", "naive", "e2e", "cluster", "gateway").contains(part)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--skip: unknown part '" + part + "'");
            }
        }
        checkJobSettings();
        Plan plan = quick ? Plan.quick() : Plan.full();
        Path work = Files.createTempDirectory("snapmap-bench-");
        long t0 = System.nanoTime();
        try {
            BenchSuite suite = new BenchSuite(plan, seed, work, err, skip, job);
            Report report = suite.run();
            if (!job.isEmpty()) {
                report.context("job_settings", job);
            }
            report.context("date", Instant.now().toString());
            report.context("minutes", (System.nanoTime() - t0) / 60e9);
            out.println();
            out.print(report.markdown());
            report.write(markdown, json);
            Chart.write(png, suite.chart, "SnapMap bench (" + plan.name + "), photos/s");
            err.printf("wrote %s, %s, %s in %.1f min%n", markdown, json, png, (System.nanoTime() - t0) / 60e9);
            return 0;
        } finally {
            Directories.deleteTree(work);
        }
    }

    /** A bad --job setting fails now, not at the first end-to-end part minutes later. */
    private void checkJobSettings() {
        Map<String, String> probe = new HashMap<>(Map.of("kafka.bootstrap-servers", "127.0.0.1:9092", "mongo.uri", "mongodb://127.0.0.1"));
        probe.putAll(job);
        try {
            JobSettings.of(probe);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--job: " + e.getMessage());
        }
    }
}
