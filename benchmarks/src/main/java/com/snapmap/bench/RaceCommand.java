package com.snapmap.bench;

import com.snapmap.testkit.Directories;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./snapmap bench race}: the race with the seed's naive worker, end to end, as one table (docs/BENCHMARKS.md). */
@Command(name = "race", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Races the seed's naive worker against our job, end to end: the same photos pre-published to one topic, "
                + "read by each side in turn on the same Kafka broker and MongoDB-wire server, into a database of its own.",
                "Prints one table; writes it as Markdown and JSON."})
final class RaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--city", paramLabel = "N", description = "photos of the city slice, at the city's real density; 0: none (default: ${DEFAULT-VALUE})")
    int city = 20_000;

    @Option(names = "--stadium", paramLabel = "N", description = "photos of the stadium; 0: none (default: ${DEFAULT-VALUE})")
    int stadium = 5_000;

    @Option(names = "--runs", description = "measured runs of each side and configuration; the median counts (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--on", split = ",", paramLabel = "CLUSTER", description = "where ours runs: mini, standalone (default: both)")
    Set<String> on = RaceSuite.CLUSTERS;

    @Option(names = "--seed", description = "seed of the generated loads (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--json", paramLabel = "FILE", description = "JSON output (default: ${DEFAULT-VALUE})")
    Path json = Path.of(".snapmap/bench/race.json");

    @Option(names = "--markdown", paramLabel = "FILE", description = "Markdown table (default: ${DEFAULT-VALUE})")
    Path markdown = Path.of(".snapmap/bench/race.md");

    private final PrintStream out;
    private final PrintStream err;

    RaceCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        for (String c : on) {
            if (!RaceSuite.CLUSTERS.contains(c)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--on: unknown cluster '" + c + "' (mini, standalone)");
            }
        }
        if (runs < 1 || city < 0 || stadium < 0 || city + stadium == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be ≥ 1 and --city, --stadium ≥ 0, not both 0");
        }
        Path work = Files.createTempDirectory("snapmap-race-");
        long t0 = System.nanoTime();
        try {
            Report report = new RaceSuite(seed, city, stadium, runs, on, work, err).run();
            report.context("date", Instant.now().toString());
            report.context("minutes", (System.nanoTime() - t0) / 60e9);
            out.println();
            out.print(report.markdown());
            report.write(markdown, json);
            err.printf("wrote %s, %s in %.1f min%n", markdown, json, (System.nanoTime() - t0) / 60e9);
            return 0;
        } finally {
            Directories.deleteTree(work);
        }
    }
}
