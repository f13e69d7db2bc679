package com.snapmap.bench;

import com.snapmap.bench.jmh.CoreBenchmarks;
import com.snapmap.bench.jmh.RecordBenchmarks;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks in this process (short iterations) and adds one row per benchmark; one
 * named {@code xBaseline} is what {@code x} replaced, and {@code x}'s row gives the ratio to it.
 */
public final class JmhRun {

    private JmhRun() {}

    public static void run(Report report, boolean quick) throws Exception {
        Options options = new OptionsBuilder()
                .include(CoreBenchmarks.class.getName())
                .include(RecordBenchmarks.class.getName())
                .forks(0) // in this JVM: the launcher's classpath and opens are already right
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 3).measurementTime(TimeValue.seconds(1))
                .shouldDoGC(false)
                .shouldFailOnError(true) // a benchmark that throws fails the run, rather than leaving its row out
                .build();
        // Progress stays off stdout: stdout is the table.
        Collection<RunResult> results = new Runner(options,
                OutputFormatFactory.createFormatInstance(System.err, VerboseMode.SILENT)).run();
        Map<String, Double> nanos = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            nanos.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        for (Map.Entry<String, Double> e : nanos.entrySet()) {
            String name = e.getKey();
            double ns = e.getValue();
            report.context("jmh_" + name + "_ns", ns);
            Double baseline = nanos.get(name + "Baseline");
            String what = name.equals("unionFind") ? "64 unions into a fresh forest, then a find"
                    : name.endsWith("RoundTrip") || name.endsWith("RoundTripBaseline") ? "serialized and read back, one city record per op"
                    : "one city photo per op";
            report.row("JMH: " + name, ns, "ns/op", "-", baseline == null ? what
                    : String.format("%s; %.2fx the speed of %sBaseline (%.0f ns, same run)", what, baseline / ns, name, baseline));
        }
    }
}
