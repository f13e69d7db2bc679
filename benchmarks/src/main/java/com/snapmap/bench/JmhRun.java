package com.snapmap.bench;

import com.snapmap.bench.jmh.CoreBenchmarks;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH core benchmarks in this process (short iterations) and adds one row per benchmark. */
public final class JmhRun {

    private JmhRun() {}

    public static void run(Report report, boolean quick) throws Exception {
        Options options = new OptionsBuilder()
                .include(CoreBenchmarks.class.getName())
                .forks(0) // in this JVM: the launcher's classpath and opens are already right
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 3).measurementTime(TimeValue.seconds(1))
                .shouldDoGC(false)
                .build();
        // Progress stays off stdout: stdout is the table.
        Collection<RunResult> results = new Runner(options,
                OutputFormatFactory.createFormatInstance(System.err, VerboseMode.SILENT)).run();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            double ns = r.getPrimaryResult().getScore();
            report.context("jmh_" + name + "_ns", ns);
            report.row("JMH core: " + name, ns, "ns/op", "-", name.equals("unionFind") ? "64 unions into a fresh forest, then a find"
                    : "one city photo per op");
        }
    }
}
