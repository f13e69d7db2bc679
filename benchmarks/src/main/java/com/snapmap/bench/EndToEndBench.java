package com.snapmap.bench;

import com.snapmap.bench.naive.NaiveRun;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.job.io.StateBackendKind;
import com.snapmap.stack.FlinkRestClient;
import com.snapmap.testkit.EmbeddedKafka;
import com.snapmap.testkit.EmbeddedMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kafka → job → MongoDB, and what surrounds it: the naive worker, the job on a MiniCluster and on
 * the standalone cluster (latency at fixed rates, a burst at saturation), and the gateway's uploads.
 */
final class EndToEndBench {

    private final BenchRun bench;

    EndToEndBench(BenchRun bench) {
        this.bench = bench;
    }

    void naive(EmbeddedKafka kafka, EmbeddedMongo mongo, Load city, Load stadium, Load late) throws Exception {
        Duration timeout = Duration.ofMinutes(bench.plan().name.equals("quick") ? 1 : 3);
        // The late mix: the naive worker has no lateness, so it clusters every photo, late or not.
        for (Load load : List.of(city.prefix(bench.plan().naiveCity), stadium.prefix(bench.plan().naiveStadium), late.prefix(bench.plan().naiveCity / 2))) {
            bench.log().printf("naive worker on %d %s photos...%n", load.arrivals.size(), load.name);
            NaiveRun.Outcome o = NaiveRun.run(kafka, mongo.connectionString(), "naive_" + load.name.replace('-', '_'), load, 2,
                    bench.config().linkRule(), timeout);
            Map<String, String> truth = new ReferenceClusterer(bench.config().linkRule()).cluster(load.distinct()).eventOfPhoto();
            double ari = PartitionMetrics.adjustedRand(o.eventOfPhoto, truth);
            boolean exact = PartitionMetrics.differences(o.eventOfPhoto, truth).isEmpty();
            double pps = o.photosPerSecond();
            boolean isCity = load.name.equals("city");
            boolean isStadium = load.name.equals("stadium");
            bench.report().put(isCity ? "naive_pps" : isStadium ? "stadium_naive_pps" : "late_mix_naive_pps", pps);
            if (isCity) {
                bench.report().put("naive_ari", ari);
            }
            bench.chart().put("naive worker, " + load.name, pps);
            Object ours = bench.report().figure(isCity ? "graph_heap_pps" : isStadium ? "stadium_pps" : "late_mix_pps");
            double ratio = Rates.ratio(ours == null ? Double.NaN : (Double) ours, pps);
            long naiveEvents = o.eventOfPhoto.values().stream().distinct().count();
            long referenceEvents = truth.values().stream().distinct().count();
            bench.report().row("naive worker (seed's literal design), " + load.name + ", " + o.records + " of " + load.arrivals.size()
                    + " records", pps, "records/s", "-",
                    String.format("algorithm only, not like for like: our graph file → discard (heap, p=2) %s× this Kafka → MongoDB rate; ARI vs reference %.4f, exact %s (%d events, reference %d); "
                            + "2 consumers, 1 query + 3 writes per photo, %s on the MongoDB-wire server", Row.format(ratio), ari,
                            exact ? "yes" : "no", naiveEvents, referenceEvents, NaiveRun.LOOKUPS));
        }
    }

    void endToEnd(EmbeddedKafka kafka, EmbeddedMongo mongo, Load city) throws Exception {
        List<Photo> places = city.distinct();
        try (LocalCluster cluster = new LocalCluster(2, StateBackendKind.ROCKSDB)) {
            MiniClusterJob job = new MiniClusterJob(cluster);
            endToEndPhases(kafka, mongo, places, job, new FlinkRestClient(cluster.miniCluster().getRestAddress().get().toString()));
        }
    }

    private void endToEndPhases(EmbeddedKafka kafka, EmbeddedMongo mongo, List<Photo> places, MiniClusterJob job, FlinkRestClient rest)
            throws Exception {
        try (EndToEndRun e2e = new EndToEndRun(kafka, mongo.connectionString(), job, "e2e", 2, bench.jobSettings())) {
            warmUp(e2e, places, "end to end");
            for (double rate : List.of(100.0, 1000.0)) {
                int count = (int) (rate * bench.plan().e2ePhase.toSeconds());
                EndToEndRun.Phase ph = e2e.phase(rate + "/s", places.subList(0, count), rate, bench.plan().e2ePhase.multipliedBy(3));
                latencyRow(ph, (int) rate);
            }
            int burst = Math.min(bench.plan().e2eBurst, places.size());
            TaskTimes tasks = TaskTimes.read(rest, job.jobId());
            long cpu0 = LocalCluster.processCpuNanos();
            EndToEndRun.Phase ph = e2e.phase("burst", places.subList(0, burst), 0, bench.plan().e2ePhase.multipliedBy(5));
            double cpu = (LocalCluster.processCpuNanos() - cpu0) / 1e9;
            bench.chart().put("end to end (Kafka → job → MongoDB)", burstRows("e2e", "end to end", ph, burst,
                    String.format("publish → eventId in MongoDB (RocksDB, p=2, polled every %d ms); CPU during the burst: "
                            + "%.0f s of this JVM (job, Kafka, MongoDB-wire server, publisher, poller) in %.0f s", EndToEndRun.POLL_MILLIS,
                            cpu, ph.wallNanos / 1e9)));
            taskRow("e2e", "end to end", TaskTimes.read(rest, job.jobId()).since(tasks, ph.wallNanos), ph.wallNanos);
        }
    }

    /**
     * The burst of the e2e part on the production configuration: the job jar submitted over REST to
     * a standalone session cluster (a JobManager and a TaskManager JVM, {@code flink-conf/} with
     * the overrides {@code ./snapmap up} runs with), against this run's Kafka and MongoDB-wire servers.
     */
    void standaloneCluster(EmbeddedKafka kafka, EmbeddedMongo mongo, Load city) throws Exception {
        Optional<String> missing = StandaloneCluster.missing();
        if (missing.isPresent()) {
            bench.report().row("end to end on the standalone cluster: last eventId after the burst's last publish", Double.NaN, "ms",
                    "≤ 20 000", "not measured: " + missing.get() + " (./snapmap bench builds them)");
            return;
        }
        List<Photo> places = city.distinct();
        bench.log().println("standalone cluster: starting a JobManager and a TaskManager from flink-conf/...");
        try (StandaloneCluster flink = StandaloneCluster.start(bench.work().resolve("flink"), Duration.ofMinutes(2))) {
            StandaloneClusterJob job = new StandaloneClusterJob(flink.rest(), StandaloneCluster.jobJar(), Duration.ofMinutes(2));
            clusterBurst(kafka, mongo, places, flink, job);
        }
    }

    private void clusterBurst(EmbeddedKafka kafka, EmbeddedMongo mongo, List<Photo> places, StandaloneCluster flink,
            StandaloneClusterJob job) throws Exception {
        try (EndToEndRun run = new EndToEndRun(kafka, mongo.connectionString(), job, "cluster", 2, bench.jobSettings())) {
            warmUp(run, places, "standalone cluster");
            int burst = Math.min(bench.plan().e2eBurst, places.size());
            TaskTimes tasks = TaskTimes.read(flink.rest(), job.jobId());
            long tm0 = flink.taskManagerCpuNanos();
            long jm0 = flink.jobManagerCpuNanos();
            long own0 = LocalCluster.processCpuNanos();
            // A longer drain than the e2e part's: this is where the target was reported missed.
            EndToEndRun.Phase ph = run.phase("burst", places.subList(0, burst), 0, bench.plan().e2ePhase.multipliedBy(12));
            double tm = (flink.taskManagerCpuNanos() - tm0) / 1e9;
            double jm = (flink.jobManagerCpuNanos() - jm0) / 1e9;
            double own = (LocalCluster.processCpuNanos() - own0) / 1e9;
            Map<String, Double> cpu = new LinkedHashMap<>();
            cpu.put("taskmanager", tm);
            cpu.put("jobmanager", jm);
            cpu.put("harness", own);
            bench.report().context("cluster_burst_cpu_s", cpu);
            bench.chart().put("end to end, standalone cluster", burstRows("cluster", "end to end on the standalone cluster", ph, burst,
                    String.format("the job jar over REST on a JobManager + TaskManager JVM from flink-conf/ as ./snapmap up runs them "
                            + "(RocksDB, p=2); polled every %d ms; CPU during the burst: TaskManager %.0f s, JobManager %.0f s, "
                            + "this JVM (Kafka, MongoDB-wire server, publisher, poller) %.0f s, in %.0f s", EndToEndRun.POLL_MILLIS,
                            tm, jm, own, ph.wallNanos / 1e9)));
            taskRow("cluster", "end to end on the standalone cluster",
                    TaskTimes.read(flink.rest(), job.jobId()).since(tasks, ph.wallNanos), ph.wallNanos);
        }
    }

    /** Where the burst's time went: each task's busy and back-pressured share (context {@code <key>_burst_task_busy}). */
    private void taskRow(String key, String what, List<TaskTimes.Share> shares, long wallNanos) {
        double uncertainty = TaskTimes.uncertainty(wallNanos);
        bench.report().context(key + "_burst_task_busy", shares.stream().collect(Collectors.toMap(TaskTimes.Share::name,
                TaskTimes.Share::busy, (a, b) -> a, LinkedHashMap::new)));
        bench.report().context(key + "_burst_task_busy_uncertainty", uncertainty);
        bench.report().row(what + ": busiest task during the burst",
                shares.isEmpty() || uncertainty > MEANINGFUL_UNCERTAINTY ? Double.NaN : shares.get(0).busy(), "of its time", "-",
                TaskTimes.describe(shares) + String.format(" (Flink's accumulated busy and back-pressured time over the burst × "
                        + "parallelism; each share ±%s: Flink counts idle time in 5 s steps%s)", BenchRun.percent(uncertainty),
                        uncertainty > MEANINGFUL_UNCERTAINTY ? ", so a burst this short gives no busiest task" : ""));
    }

    /** A burst's task shares are reported as a figure only when they are this certain (a burst of 20 s or more). */
    static final double MEANINGFUL_UNCERTAINTY = 0.25;

    private void warmUp(EndToEndRun run, List<Photo> places, String part) {
        bench.log().println(part + ": warming up the job...");
        EndToEndRun.Phase warm = run.phase("warm-up", places.subList(0, 200), 0, Duration.ofSeconds(60));
        bench.log().printf("%s: %d of %d warm-up photos visible%n", part, warm.visible, warm.published);
    }

    /**
     * The two rows of a burst, and its JSON keys {@code <key>_pps} and {@code <key>_burst_tail_ms};
     * returns the photos/s.
     */
    private double burstRows(String key, String what, EndToEndRun.Phase ph, int burst, String how) {
        // Not all visible within the drain: what became visible per second is a lower bound.
        double pps = Rates.perSecond(ph.visible, ph.wallNanos);
        double tail = ph.tailMs < 0 ? Double.NaN : ph.tailMs;
        bench.report().put(key + "_pps", pps);
        bench.report().put(key + "_burst_tail_ms", tail);
        bench.report().row(what + " at saturation (" + burst + " photos published at once)", pps, "photos/s", "-",
                ph.visible + " of " + ph.published + " visible (if not all: a lower bound); " + how);
        bench.report().row(what + ": last eventId after the burst's last publish", tail, "ms", "≤ 20 000",
                ph.tailMs < 0 ? "not all visible within the drain time" : burst + " photos, all visible");
        return pps;
    }

    void gateway(EmbeddedKafka kafka, EmbeddedMongo mongo) throws Exception {
        String cp = System.getProperty("snapmap.gateway.classpath");
        String azurite = System.getProperty("snapmap.azurite");
        if (cp == null || azurite == null || !Files.isRegularFile(Path.of(cp)) || !Files.isRegularFile(Path.of(azurite))) {
            bench.report().row("gateway upload p99", Double.NaN, "ms", "within 20 % of a bare put",
                    "not measured: the gateway's classpath or Azurite is missing (./snapmap bench builds both)");
            return;
        }
        double rate = 20;
        bench.log().printf("gateway: %d uploads at %.0f/s, then as many bare puts...%n", bench.plan().gatewayUploads, rate);
        kafka.createTopics(2, "photo-uploads");
        GatewayRun.Outcome o = GatewayRun.run(Path.of(cp), Path.of(azurite), kafka.bootstrapServers(), mongo.connectionString(),
                bench.plan().gatewayUploads, rate);
        bench.report().put("gateway_p99_ms", o.gatewayMs.at(99));
        bench.report().put("bare_put_p99_ms", o.barePutMs.at(99));
        bench.report().row("gateway upload p99 (" + bench.plan().gatewayUploads + " × " + o.imageBytes / 1000 + " KB JPEG at " + (int) rate + "/s)",
                o.gatewayMs.at(99), "ms", "within 20 % of a bare put",
                String.format("p50 %s ms; %s of the bare put's p99; %d failed; blob + MongoDB + Kafka, own JVM",
                        Row.format(o.gatewayMs.at(50)), BenchRun.percent(Rates.ratio(o.gatewayMs.at(99), o.barePutMs.at(99))), o.failures));
        bench.report().row("bare blob put p99 (same bytes, same Azurite, from this process)", o.barePutMs.at(99), "ms", "-",
                "p50 " + Row.format(o.barePutMs.at(50)) + " ms");
    }

    private void latencyRow(EndToEndRun.Phase ph, int rate) {
        if (rate == 1000) {
            bench.report().put("e2e_latency_p50_ms", ph.latencyMs.at(50));
            bench.report().put("e2e_latency_p99_ms", ph.latencyMs.at(99));
        }
        bench.report().row("end to end latency p99 at " + rate + " photos/s", ph.latencyMs.at(99), "ms",
                rate == 1000 ? "≤ 2 000" : "-",
                String.format("p50 %s, max %s ms; %d of %d visible; last one %s after the load stopped (target ≤ 5 s)",
                        Row.format(ph.latencyMs.at(50)), Row.format(ph.latencyMs.max()), ph.visible, ph.published,
                        ph.tailMs < 0 ? "not within the drain time" : ph.tailMs + " ms"));
    }
}
