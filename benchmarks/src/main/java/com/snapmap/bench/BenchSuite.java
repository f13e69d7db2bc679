package com.snapmap.bench;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.testkit.EmbeddedKafka;
import com.snapmap.testkit.EmbeddedMongo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The measurements of one {@code ./snapmap bench} run, in order, each adding rows to the report. */
public final class BenchSuite {

    private final Plan plan;
    private final long seed;
    private final Path work;
    private final PrintStream log;
    private final Set<String> skip;
    private final Map<String, String> jobSettings;
    private final ClusteringConfig config = ClusteringConfig.defaults();
    private final Report report = new Report();
    final Map<String, Double> chart = new LinkedHashMap<>();

    public BenchSuite(Plan plan, long seed, Path work, PrintStream log, Set<String> skip, Map<String, String> jobSettings) {
        this.plan = plan;
        this.seed = seed;
        this.work = work;
        this.log = log;
        this.skip = skip;
        this.jobSettings = Map.copyOf(jobSettings);
    }

    public Report run() throws Exception {
        BenchRun bench = new BenchRun(plan, config, work, log, report, chart, jobSettings);
        report.context("plan", plan.name);
        report.context("cores", Runtime.getRuntime().availableProcessors());
        report.context("seed", seed);
        Load city = Load.city(plan.city, seed);
        Load stadium = Load.stadium(plan.stadium, seed);
        Load late = Load.lateMix(plan.lateMix, seed);
        report.context("city_photos", city.arrivals.size());
        report.context("stadium_photos", stadium.arrivals.size());
        report.context("late_mix_records", late.arrivals.size());

        List<Photo> cityPhotos = city.distinct();
        // Warmed up like the jobs: measured cold, on a fresh JVM, it took 8.9 µs per photo where
        // it takes about 7 once compiled, and the graph's cost beyond the floor is compared to it.
        int referenceWarmUps = SteadyRuns.warmUp(() -> referenceRun(cityPhotos), r -> r.pps, plan.maxWarmUps);
        List<ReferenceRun> referenceRuns = new ArrayList<>();
        for (int i = 0; i < plan.measuredRuns; i++) {
            referenceRuns.add(referenceRun(cityPhotos));
        }
        referenceRuns.sort(Comparator.comparingDouble(ReferenceRun::pps));
        ReferenceRun referenceMedian = referenceRuns.get((referenceRuns.size() - 1) / 2);
        Clustering reference = referenceMedian.clustering;
        double referencePps = referenceMedian.pps;
        report.put("reference_pps", referencePps);
        chart.put("reference (offline, 1 thread)", referencePps);
        report.row("reference clusterer, city", referencePps, "photos/s", "-",
                String.format("offline ReferenceClusterer, one thread, in memory; %s µs/photo; median of %d runs after %d warm-up runs",
                        Row.format(1e6 / referencePps), referenceRuns.size(), referenceWarmUps));

        if (!skip.contains("jmh")) {
            log.println("JMH core benchmarks...");
            JmhRun.run(report, plan.name.equals("quick"));
        }
        if (!skip.contains("graph")) {
            new GraphBench(bench).run(city, stadium, late, reference, 1e6 / referencePps);
        }
        if (!skip.contains("naive") || !skip.contains("e2e") || !skip.contains("cluster") || !skip.contains("gateway")) {
            EndToEndBench e2e = new EndToEndBench(bench);
            try (EmbeddedKafka kafka = new EmbeddedKafka().start(); EmbeddedMongo mongo = new EmbeddedMongo().start()) {
                if (!skip.contains("naive")) {
                    e2e.naive(kafka, mongo, city, stadium, late);
                }
                if (!skip.contains("e2e")) {
                    e2e.endToEnd(kafka, mongo, city);
                }
                if (!skip.contains("cluster")) {
                    e2e.standaloneCluster(kafka, mongo, city);
                }
                if (!skip.contains("gateway")) {
                    e2e.gateway(kafka, mongo);
                }
            }
        }
        return report;
    }

    /** One timed run of the offline reference clusterer, a new instance each time. */
    private ReferenceRun referenceRun(List<Photo> photos) {
        long t0 = System.nanoTime();
        Clustering clustering = new ReferenceClusterer(config.linkRule()).cluster(photos);
        return new ReferenceRun(clustering, Rates.perSecond(photos.size(), System.nanoTime() - t0));
    }

    private record ReferenceRun(Clustering clustering, double pps) {}

    static Set<String> parts(String csv) {
        return csv == null || csv.isBlank() ? Set.of() : new HashSet<>(List.of(csv.split(",")));
    }
}
