package com.snapmap.bench;

import com.snapmap.core.cluster.LinkRule;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.io.StateBackendKind;
import com.snapmap.testkit.EmbeddedKafka;
import com.snapmap.testkit.EmbeddedMongo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code ./snapmap bench race}: the race table. Every load is published once; the worker, warmed
 * up on a throw-away load, runs with 2 and with 4 consumers ({@code runs} times each, the better
 * median counts); then our job on a MiniCluster of this JVM and the job jar on a standalone
 * cluster, each warmed up on the same throw-away load first.
 */
final class RaceSuite {

    static final Set<String> CLUSTERS = Set.of("mini", "standalone");
    static final int[] CONSUMERS = {2, 4};

    private final long seed;
    private final int cityPhotos;
    private final int stadiumPhotos;
    private final int runs;
    private final Set<String> on;
    private final Path work;
    private final PrintStream log;
    private final LinkRule rule = ClusteringConfig.defaults().linkRule();
    private final Report report = new Report();

    RaceSuite(long seed, int cityPhotos, int stadiumPhotos, int runs, Set<String> on, Path work, PrintStream log) {
        this.seed = seed;
        this.cityPhotos = cityPhotos;
        this.stadiumPhotos = stadiumPhotos;
        this.runs = runs;
        this.on = on;
        this.work = work;
        this.log = log;
    }

    Report run() throws Exception {
        long now = System.currentTimeMillis();
        // A slice of the full bench's 400 000-photo day: the city's real density, not a denser one.
        List<RaceLoad> loads = new ArrayList<>();
        if (cityPhotos > 0) {
            loads.add(RaceLoad.of("city", Load.city(Plan.full().city, seed).prefix(cityPhotos), now, rule));
        }
        if (stadiumPhotos > 0) {
            loads.add(RaceLoad.of("stadium", Load.stadium(stadiumPhotos, seed), now, rule));
        }
        RaceLoad warm = RaceLoad.of("warm-up", Load.city(Plan.full().city / 4, seed + 1).prefix(5_000), now, rule);
        report.context("cores", Runtime.getRuntime().availableProcessors());
        report.context("seed", seed);
        report.context("runs", runs);
        try (EmbeddedKafka kafka = new EmbeddedKafka().start(); EmbeddedMongo mongo = new EmbeddedMongo().start()) {
            RaceBench race = new RaceBench(kafka, mongo, rule, log, Duration.ofMinutes(5));
            String warmTopic = race.publish(warm);
            Map<RaceLoad, String> topics = new LinkedHashMap<>();
            for (RaceLoad l : loads) {
                topics.put(l, race.publish(l));
                report.context(l.name() + "_photos", l.photos());
            }
            log.println("race: warming the worker up...");
            race.worker(warm, warmTopic, CONSUMERS[0], 1);
            Map<RaceLoad, RaceBench.Runs> worker = new LinkedHashMap<>();
            for (RaceLoad l : loads) {
                worker.put(l, workerRows(race, l, topics.get(l)));
            }
            if (on.contains("mini")) {
                try (LocalCluster cluster = new LocalCluster(RaceBench.PARALLELISM, StateBackendKind.ROCKSDB)) {
                    RaceBench.Side warmed = race.ours(warm, warmTopic, "MiniCluster", () -> new MiniClusterJob(cluster),
                            LocalCluster::processCpuNanos, 1).median();
                    log.printf("race: MiniCluster warm, %d of %d warm-up photos visible%n", warmed.span().visible(), warm.photos());
                    for (RaceLoad l : loads) {
                        oursRow(l, worker.get(l), "mini", "ours on a MiniCluster in this JVM (RocksDB, p=2)",
                                race.ours(l, topics.get(l), "MiniCluster", () -> new MiniClusterJob(cluster), LocalCluster::processCpuNanos, runs));
                    }
                }
            }
            if (on.contains("standalone")) {
                standalone(race, loads, topics, worker, warm, warmTopic);
            }
        }
        return report;
    }

    private void standalone(RaceBench race, List<RaceLoad> loads, Map<RaceLoad, String> topics, Map<RaceLoad, RaceBench.Runs> worker,
            RaceLoad warm, String warmTopic) throws Exception {
        Optional<String> missing = StandaloneCluster.missing();
        if (missing.isPresent()) {
            report.row("race: ours on the standalone cluster", Double.NaN, "photos/s", "-",
                    "not measured: " + missing.get() + " (./snapmap bench builds them)");
            return;
        }
        log.println("race: starting a standalone JobManager and TaskManager from flink-conf/...");
        try (StandaloneCluster flink = StandaloneCluster.start(work.resolve("flink"), Duration.ofMinutes(2))) {
            LongSupplier cpu = () -> LocalCluster.processCpuNanos() + flink.taskManagerCpuNanos()
                    + flink.jobManagerCpuNanos();
            Supplier<EndToEndJob> jobs = () -> new StandaloneClusterJob(flink.rest(), StandaloneCluster.jobJar(),
                    Duration.ofMinutes(2));
            race.ours(warm, warmTopic, "standalone", jobs, cpu, 1);
            for (RaceLoad l : loads) {
                oursRow(l, worker.get(l), "standalone", "ours, the job jar on a standalone cluster (JobManager + TaskManager JVMs "
                        + "from flink-conf/ as ./snapmap up runs them; RocksDB, p=2)", race.ours(l, topics.get(l), "standalone", jobs, cpu, runs));
            }
        }
    }

    /** The worker with 2 and with 4 consumers; the one with the better median is the load's worker row. */
    private RaceBench.Runs workerRows(RaceBench race, RaceLoad load, String topic) throws Exception {
        List<RaceBench.Runs> configs = new ArrayList<>();
        for (int c : CONSUMERS) {
            configs.add(race.worker(load, topic, c, runs));
        }
        configs.sort((a, b) -> Double.compare(b.median().pps(), a.median().pps()));
        RaceBench.Runs best = configs.get(0);
        RaceBench.Side m = best.median();
        String key = "race_" + load.name() + "_worker";
        figures(key, m);
        report.put(key + "_ari", m.ari());
        StringBuilder others = new StringBuilder();
        for (RaceBench.Runs r : configs.subList(1, configs.size())) {
            others.append("; with ").append(r.label()).append(": ").append(Row.format(r.median().pps())).append(" (")
                    .append(r.range()).append(")");
        }
        report.row("race, " + load.name() + " (" + load.photos() + " photos): the seed's naive worker, " + best.label()
                + " (the better of 2 and 4)", m.pps(), "photos/s", "-",
                String.format("median of %d (%s photos/s)%s; %s; ARI vs reference %.4f, exact %s (%d events, reference %d); "
                        + "1 read + 3 writes per photo by design", best.runs().size(), best.range(), others, work(m), m.ari(),
                        m.exact() ? "yes" : "no", m.events(), load.events()));
        return best;
    }

    private void oursRow(RaceLoad load, RaceBench.Runs worker, String key, String what, RaceBench.Runs ours) {
        RaceBench.Side m = ours.median();
        double ratio = Rates.ratio(m.pps(), worker.median().pps());
        String k = "race_" + load.name() + "_" + key;
        figures(k, m);
        report.put(k + "_ratio", ratio);
        report.put(k + "_exact", m.exact());
        report.row("race, " + load.name() + " (" + load.photos() + " photos): " + what, m.pps(), "photos/s",
                load.name().equals("city") ? "≥ 3.5× the worker" : "≥ 30× the worker",
                String.format("%s× the worker's best; median of %d (%s photos/s); %s; exact %s (ARI %.4f); first eventId %.1f s after submit",
                        Row.format(ratio), ours.runs().size(), ours.range(), work(m), m.exact() ? "yes" : "no", m.ari(),
                        m.span().startupNanos() / 1e9));
    }

    private void figures(String key, RaceBench.Side m) {
        report.put(key + "_pps", m.pps());
        report.put(key + "_cpu_us_per_photo", m.span().cpuMicrosPerPhoto());
        report.put(key + "_db_ops_per_photo", m.writesPerPhoto() + m.readsPerPhoto());
    }

    private static String work(RaceBench.Side m) {
        return String.format("%d of %d visible; %s CPU µs/photo; %.2f DB ops/photo (%.2f writes + %.2f reads, at the server; "
                + "writes per photo by collection: %s); CPU by thread of the bench's JVM: %s", m.span().visible(), m.span().photos(),
                Row.format(m.span().cpuMicrosPerPhoto()), m.writesPerPhoto() + m.readsPerPhoto(), m.writesPerPhoto(), m.readsPerPhoto(),
                m.writesByCollection(), m.span().topThreads(12));
    }

    Report report() {
        return report;
    }
}
