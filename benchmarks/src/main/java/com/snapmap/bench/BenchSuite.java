package com.snapmap.bench;

import com.snapmap.bench.naive.NaiveRun;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.ClusteringGraph;
import com.snapmap.job.io.FileClusteringRun;
import com.snapmap.job.io.StateBackendKind;
import com.snapmap.stack.FlinkRestClient;
import com.snapmap.testkit.EmbeddedKafka;
import com.snapmap.testkit.EmbeddedMongo;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The measurements of one {@code ./snapmap bench} run, in order, each adding rows to the report. */
public final class BenchSuite {

    private final Plan plan;
    private final long seed;
    private final Path work;
    private final PrintStream log;
    private final Set<String> skip;
    private final ClusteringConfig config = ClusteringConfig.defaults();
    private final Report report = new Report();
    final Map<String, Double> chart = new LinkedHashMap<>();

    public BenchSuite(Plan plan, long seed, Path work, PrintStream log, Set<String> skip) {
        this.plan = plan;
        this.seed = seed;
        this.work = work;
        this.log = log;
        this.skip = skip;
    }

    public Report run() throws Exception {
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
            graphAndFloor(city, stadium, late, reference, 1e6 / referencePps);
        }
        if (!skip.contains("naive") || !skip.contains("e2e") || !skip.contains("cluster") || !skip.contains("gateway")) {
            try (EmbeddedKafka kafka = new EmbeddedKafka().start(); EmbeddedMongo mongo = new EmbeddedMongo().start()) {
                if (!skip.contains("naive")) {
                    naive(kafka, mongo, city, stadium, late);
                }
                if (!skip.contains("e2e")) {
                    endToEnd(kafka, mongo, city);
                }
                if (!skip.contains("cluster")) {
                    standaloneCluster(kafka, mongo, city);
                }
                if (!skip.contains("gateway")) {
                    gateway(kafka, mongo);
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

    /** @param referenceMicros the offline reference clusterer's time per photo, warm, one thread */
    private void graphAndFloor(Load city, Load stadium, Load late, Clustering reference, double referenceMicros)
            throws Exception {
        Path cityFile = write(city, "city");
        Path rocksFile = write(city.prefix(plan.rocksdbCity), "city-rocksdb");
        Path scaleFile = write(city.prefix(plan.scaleOutCity), "city-scale-out");
        int shuffles = KeyedShuffles.count(ClusteringPipeline.build(cityFile, config, 2, 0));
        report.context("keyed_shuffles", shuffles);
        log.printf("the graph has %d keyed stages; the floor gets as many%n", shuffles);
        int n = city.arrivals.size();

        Map<String, Double> pps = new LinkedHashMap<>();
        for (StateBackendKind state : List.of(StateBackendKind.HEAP, StateBackendKind.ROCKSDB)) {
            Path file = state == StateBackendKind.HEAP ? cityFile : rocksFile;
            int records = state == StateBackendKind.HEAP ? n : plan.rocksdbCity;
            for (int p : List.of(1, 2)) {
                try (LocalCluster cluster = new LocalCluster(p, state)) {
                    log.printf("graph and floor, %s p=%d: warm-up runs each until the rate stops rising and the JIT compiler is quiet, then %d measured runs each...%n",
                            state, p, plan.measuredRuns);
                    int graphWarmUps = SteadyRuns.warmUp(() -> cluster.run(ClusteringPipeline.build(file, config, p, 0), plan.jobTimeout),
                            r -> r.recordsPerSecond(records), plan.maxWarmUps);
                    int floorWarmUps = SteadyRuns.warmUp(() -> cluster.run(FloorPipeline.build(file, config, p, shuffles), plan.jobTimeout),
                            r -> r.recordsPerSecond(records), plan.maxWarmUps);
                    SteadyRuns graphs = new SteadyRuns();
                    SteadyRuns floors = new SteadyRuns();
                    for (int i = 0; i < plan.measuredRuns; i++) { // alternated, so drift hits both alike
                        graphs.add(cluster.run(ClusteringPipeline.build(file, config, p, 0), plan.jobTimeout));
                        floors.add(cluster.run(FloorPipeline.build(file, config, p, shuffles), plan.jobTimeout));
                    }
                    JobRun graph = graphs.median();
                    JobRun floor = floors.median();
                    double g = graph.recordsPerSecond(records);
                    double f = floor.recordsPerSecond(records);
                    pps.put(state + " p" + p, g);
                    log.printf("graph %s p=%d: %.0f photos/s, floor %.0f photos/s%n", state, p, g, f);
                    String where = state + ", p=" + p + ", " + records + " city photos";
                    report.row("graph, file → discard (" + where + ")", g, "photos/s",
                            state == StateBackendKind.HEAP ? "-" : "≥ 50 % of floor",
                            String.format("%s CPU µs/photo; %s of floor; median of %d runs after %d warm-up runs (%s photos/s); task CPU: %s%s",
                                    Row.format(Rates.cpuMicrosPer(graph.cpuNanos, read(graph, records))), percent(Rates.ratio(g, f)),
                                    graphs.runs().size(), graphWarmUps, graphs.spread(r -> r.recordsPerSecond(records)), graph.taskCpuShares(4),
                                    partial(graph)));
                    report.row("floor: " + shuffles + " keyed shuffles + 1 state update each (" + where + ")", f, "photos/s", "-",
                            String.format("%s CPU µs/photo; same file source and JSON parse; median of %d runs after %d warm-up runs (%s photos/s)%s",
                                    Row.format(Rates.cpuMicrosPer(floor.cpuNanos, read(floor, records))), floors.runs().size(), floorWarmUps,
                                    floors.spread(r -> r.recordsPerSecond(records)), partial(floor)));
                    if (state == StateBackendKind.HEAP) {
                        // What the clustering costs on top of moving the records: next to what
                        // the offline algorithm alone costs, in memory, with no Flink.
                        double beyond = Rates.cpuMicrosPer(graph.cpuNanos, read(graph, records))
                                - Rates.cpuMicrosPer(floor.cpuNanos, read(floor, records));
                        report.row("graph CPU beyond the floor (" + where + ")", beyond, "µs/photo", "≤ 1.5× the reference's",
                                String.format("graph − floor CPU µs/photo, same run; %s× the reference clusterer's %s µs/photo "
                                        + "(offline, warm, one thread)", Row.format(beyond / referenceMicros), Row.format(referenceMicros)));
                    }
                    if (p == 2) {
                        chart.put("graph " + state + " p2", g);
                        chart.put("floor " + state + " p2", f);
                        report.put(state == StateBackendKind.HEAP ? "graph_heap_pps" : "graph_rocksdb_pps", g);
                        report.put(state == StateBackendKind.HEAP ? "floor_pps" : "floor_rocksdb_pps", f);
                        if (state == StateBackendKind.HEAP) {
                            long writes = graph.counter(ClusteringPipeline.PHOTO_WRITES) + graph.counter(ClusteringPipeline.EVENT_DOCUMENTS);
                            double perPhoto = graph.finished ? writes / (double) n : Double.NaN;
                            report.put("mongo_writes_per_photo", perPhoto);
                            report.row("MongoDB writes per photo (city)", perPhoto, "write models", "≤ 1.2",
                                    String.format("%d photo writes + %d event documents the sinks are sent",
                                            graph.counter(ClusteringPipeline.PHOTO_WRITES), graph.counter(ClusteringPipeline.EVENT_DOCUMENTS)));
                            scaleOut(graph, 2);
                            loadRuns(cluster, stadium, late);
                        }
                    }
                }
            }
        }
        for (int p : List.of(4, 8)) {
            log.printf("records per subtask at p=%d...%n", p);
            try (LocalCluster cluster = new LocalCluster(p, StateBackendKind.HEAP)) {
                scaleOut(cluster.run(ClusteringPipeline.build(scaleFile, config, p, 0), plan.jobTimeout), p);
            }
        }
        checkpoints(city.prefix(plan.rocksdbCity), rocksFile);
        exactness(cityFile, city, reference);
    }

    private void loadRuns(LocalCluster cluster, Load stadium, Load late) throws Exception {
        log.println("stadium and late-arrival loads...");
        JobRun s = steady(cluster, write(stadium, "stadium"), stadium.arrivals.size());
        double sp = s.recordsPerSecond(stadium.arrivals.size());
        report.put("stadium_pps", sp);
        chart.put("graph heap p2, stadium", sp);
        Object city = report.figure("graph_heap_pps");
        report.row("graph, stadium (heap, p=2, " + stadium.arrivals.size() + " photos in 30 m, 1 h)", sp, "photos/s",
                "≥ ½ city rate", percent(Rates.ratio(sp, city == null ? Double.NaN : (Double) city)) + " of the city rate; median of "
                        + plan.measuredRuns + " runs after warm-up runs" + partial(s));
        JobRun l = steady(cluster, write(late, "late-mix"), late.arrivals.size());
        double lp = l.recordsPerSecond(late.arrivals.size());
        report.put("late_mix_pps", lp);
        report.row("graph, late-arrival mix (heap, p=2)", lp, "records/s", "-",
                l.counter(ClusteringPipeline.TOO_LATE) + " records past the lateness left to the sweeper; 5 % duplicates" + partial(l));
    }

    /**
     * The graph at p = 2 on one load, as the city is measured: warm-up runs until it is warm (see
     * {@link SteadyRuns#warmUp}), then the median of the measured runs (a single run of these loads lasts about half a
     * second, and one such run swung between 41 % and 96 % of the city's rate).
     */
    private JobRun steady(LocalCluster cluster, Path file, int records) throws Exception {
        SteadyRuns.warmUp(() -> cluster.run(ClusteringPipeline.build(file, config, 2, 0), plan.jobTimeout),
                r -> r.recordsPerSecond(records), plan.maxWarmUps);
        SteadyRuns runs = new SteadyRuns();
        for (int i = 0; i < plan.measuredRuns; i++) {
            runs.add(cluster.run(ClusteringPipeline.build(file, config, 2, 0), plan.jobTimeout));
        }
        return runs.median();
    }

    private void scaleOut(JobRun run, int p) {
        double share = run.busiestShare(p);
        String stages = run.stages.stream().filter(s -> s.parallelism() == p && s.total() > 0)
                .map(s -> shortName(s.stage) + " " + s.perSubtask).collect(Collectors.joining("; "));
        if (p == 2) {
            report.put("busiest_subtask_share", share);
        }
        report.context("records_in_per_subtask_p" + p, run.stages.stream()
                .collect(Collectors.toMap(s -> s.stage, s -> s.perSubtask, (a, b) -> a, LinkedHashMap::new)));
        report.row("busiest subtask's share of a stage, p=" + p, share, "of records", "≤ ~" + Row.format(2.0 / p),
                "numRecordsIn per subtask: " + stages);
        if (p == 2) {
            // The same without the border merge's tiers, which no photo's own record passes: a city
            // lies in one 3-character geohash cell, so its tier-1 node is one key of few records.
            double photoPath = run.stages.stream()
                    .filter(s -> s.parallelism() == p && s.total() > 0 && !s.stage.startsWith(ClusteringGraph.BORDER_MERGE_NAME))
                    .mapToDouble(SubtaskCounts::busiestShare).max().orElse(Double.NaN);
            report.put("busiest_subtask_share_photo_path", photoPath);
            String tiers = run.stages.stream().filter(s -> s.stage.startsWith(ClusteringGraph.BORDER_MERGE_NAME))
                    .map(s -> shortName(s.stage) + " " + s.total() + " (busiest " + Row.format(s.busiestShare()) + ")")
                    .collect(Collectors.joining("; "));
            report.row("busiest subtask's share, stages every photo passes, p=" + p, photoPath, "of records",
                    "≤ ~" + Row.format(2.0 / p), "border merge records by tier: " + tiers);
        }
    }

    private void checkpoints(Load load, Path file) throws Exception {
        log.println("checkpoints...");
        try (LocalCluster cluster = new LocalCluster(2, StateBackendKind.HEAP)) {
            // Often enough that a run of a second or less completes several: one checkpoint at its
            // start, before the state had grown, once gave 10 bytes per live photo.
            JobRun run = cluster.run(ClusteringPipeline.build(file, config, 2, 100), plan.jobTimeout);
            List<AbstractCheckpointStats> done = run.checkpoints.getHistory().getCheckpoints().stream()
                    .filter(c -> c.getStatus() == CheckpointStatsStatus.COMPLETED).toList();
            double live = LivePhotos.average(load.arrivals, config);
            double bytes = done.stream().mapToLong(AbstractCheckpointStats::getStateSize).average().orElse(Double.NaN);
            double millis = done.stream().mapToLong(AbstractCheckpointStats::getEndToEndDuration).average().orElse(Double.NaN);
            double perPhoto = bytes / live;
            report.put("state_bytes_per_photo", perPhoto);
            report.context("checkpoint_duration_ms", millis);
            report.row("state bytes per live photo (heap, full checkpoints, p=2)", perPhoto, "bytes", "-",
                    String.format("mean size of %d checkpoints / %.0f live photos (photos inside W + lateness of the watermark, "
                            + "averaged over the run)", done.size(), live));
            report.row("checkpoint duration (heap, p=2, every 0.1 s)", millis, "ms", "-", "mean end-to-end of the completed ones");
        }
    }

    private void exactness(Path cityFile, Load city, Clustering reference) throws Exception {
        log.println("the graph's partition against the reference...");
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        FileClusteringRun.Outcome o = FileClusteringRun.run(env, cityFile, Files.createTempDirectory(work, "exact-"), config, null);
        Set<String> tooLate = o.tooLate.stream().map(e -> e.photoId).collect(Collectors.toSet());
        Map<String, String> truth = tooLate.isEmpty() ? reference.eventOfPhoto()
                : new ReferenceClusterer(config.linkRule()).cluster(city.distinct().stream()
                        .filter(p -> !tooLate.contains(p.photoId)).toList()).eventOfPhoto();
        String diff = PartitionMetrics.differences(o.result.eventOfPhoto(), truth);
        report.put("ours_exact", diff.isEmpty());
        report.row("ours = reference (city, p=2)", diff.isEmpty() ? 1 : 0, "1 = exact", "exact",
                diff.isEmpty() ? "partition equal to the reference clusterer's" : "differs: " + diff.lines().findFirst().orElse(""));
    }

    private void naive(EmbeddedKafka kafka, EmbeddedMongo mongo, Load city, Load stadium, Load late) throws Exception {
        Duration timeout = Duration.ofMinutes(plan.name.equals("quick") ? 1 : 3);
        // The late mix: the naive worker has no lateness, so it clusters every photo, late or not.
        for (Load load : List.of(city.prefix(plan.naiveCity), stadium.prefix(plan.naiveStadium), late.prefix(plan.naiveCity / 2))) {
            log.printf("naive worker on %d %s photos...%n", load.arrivals.size(), load.name);
            NaiveRun.Outcome o = NaiveRun.run(kafka, mongo.connectionString(), "naive_" + load.name.replace('-', '_'), load, 2,
                    config.linkRule(), timeout);
            Map<String, String> truth = new ReferenceClusterer(config.linkRule()).cluster(load.distinct()).eventOfPhoto();
            double ari = PartitionMetrics.adjustedRand(o.eventOfPhoto, truth);
            boolean exact = PartitionMetrics.differences(o.eventOfPhoto, truth).isEmpty();
            double pps = o.photosPerSecond();
            boolean isCity = load.name.equals("city");
            boolean isStadium = load.name.equals("stadium");
            report.put(isCity ? "naive_pps" : isStadium ? "stadium_naive_pps" : "late_mix_naive_pps", pps);
            if (isCity) {
                report.put("naive_ari", ari);
            }
            chart.put("naive worker, " + load.name, pps);
            Object ours = report.figure(isCity ? "graph_heap_pps" : isStadium ? "stadium_pps" : "late_mix_pps");
            double ratio = Rates.ratio(ours == null ? Double.NaN : (Double) ours, pps);
            long naiveEvents = o.eventOfPhoto.values().stream().distinct().count();
            long referenceEvents = truth.values().stream().distinct().count();
            report.row("naive worker (seed's literal design), " + load.name + ", " + o.records + " of " + load.arrivals.size()
                    + " records", pps, "records/s", "-",
                    String.format("ours (graph heap p=2) %s×; ARI vs reference %.4f, exact %s (%d events, reference %d); "
                            + "2 consumers, 1 query + 3 writes per photo, %s on the MongoDB-wire server", Row.format(ratio), ari,
                            exact ? "yes" : "no", naiveEvents, referenceEvents, NaiveRun.LOOKUPS));
        }
    }

    private void endToEnd(EmbeddedKafka kafka, EmbeddedMongo mongo, Load city) throws Exception {
        List<Photo> places = city.distinct();
        try (LocalCluster cluster = new LocalCluster(2, StateBackendKind.ROCKSDB)) {
            MiniClusterJob job = new MiniClusterJob(cluster);
            endToEndPhases(kafka, mongo, places, job, new FlinkRestClient(cluster.miniCluster().getRestAddress().get().toString()));
        }
    }

    private void endToEndPhases(EmbeddedKafka kafka, EmbeddedMongo mongo, List<Photo> places, MiniClusterJob job, FlinkRestClient rest)
            throws Exception {
        try (EndToEndRun e2e = new EndToEndRun(kafka, mongo.connectionString(), job, "e2e", 2)) {
            warmUp(e2e, places, "end to end");
            for (double rate : List.of(100.0, 1000.0)) {
                int count = (int) (rate * plan.e2ePhase.toSeconds());
                EndToEndRun.Phase ph = e2e.phase(rate + "/s", places.subList(0, count), rate, plan.e2ePhase.multipliedBy(3));
                latencyRow(ph, (int) rate);
            }
            int burst = Math.min(plan.e2eBurst, places.size());
            TaskTimes tasks = TaskTimes.read(rest, job.jobId());
            long cpu0 = LocalCluster.processCpuNanos();
            EndToEndRun.Phase ph = e2e.phase("burst", places.subList(0, burst), 0, plan.e2ePhase.multipliedBy(5));
            double cpu = (LocalCluster.processCpuNanos() - cpu0) / 1e9;
            chart.put("end to end (Kafka → job → MongoDB)", burstRows("e2e", "end to end", ph, burst,
                    String.format("publish → eventId in MongoDB (RocksDB, p=2, polled every %d ms); CPU during the burst: "
                            + "%.0f s of this JVM (job, Kafka, MongoDB-wire server, publisher, poller) in %.0f s", EndToEndRun.POLL_MILLIS,
                            cpu, ph.wallNanos / 1e9)));
            taskRow("e2e", "end to end", TaskTimes.read(rest, job.jobId()).since(tasks, ph.wallNanos));
        }
    }

    /**
     * The burst of the e2e part on the production configuration: the job jar submitted over REST to
     * a standalone session cluster (a JobManager and a TaskManager JVM, {@code flink-conf/} with
     * the overrides {@code ./snapmap up} runs with), against this run's Kafka and MongoDB-wire servers.
     */
    private void standaloneCluster(EmbeddedKafka kafka, EmbeddedMongo mongo, Load city) throws Exception {
        Optional<String> missing = StandaloneCluster.missing();
        if (missing.isPresent()) {
            report.row("end to end on the standalone cluster: last eventId after the burst's last publish", Double.NaN, "ms",
                    "≤ 20 000", "not measured: " + missing.get() + " (./snapmap bench builds them)");
            return;
        }
        List<Photo> places = city.distinct();
        log.println("standalone cluster: starting a JobManager and a TaskManager from flink-conf/...");
        try (StandaloneCluster flink = StandaloneCluster.start(work.resolve("flink"), Duration.ofMinutes(2))) {
            StandaloneClusterJob job = new StandaloneClusterJob(flink.rest(), StandaloneCluster.jobJar(), Duration.ofMinutes(2));
            clusterBurst(kafka, mongo, places, flink, job);
        }
    }

    private void clusterBurst(EmbeddedKafka kafka, EmbeddedMongo mongo, List<Photo> places, StandaloneCluster flink,
            StandaloneClusterJob job) throws Exception {
        try (EndToEndRun run = new EndToEndRun(kafka, mongo.connectionString(), job, "cluster", 2)) {
            warmUp(run, places, "standalone cluster");
            int burst = Math.min(plan.e2eBurst, places.size());
            TaskTimes tasks = TaskTimes.read(flink.rest(), job.jobId());
            long tm0 = flink.taskManagerCpuNanos();
            long jm0 = flink.jobManagerCpuNanos();
            long own0 = LocalCluster.processCpuNanos();
            // A longer drain than the e2e part's: this is where the target was reported missed.
            EndToEndRun.Phase ph = run.phase("burst", places.subList(0, burst), 0, plan.e2ePhase.multipliedBy(12));
            double tm = (flink.taskManagerCpuNanos() - tm0) / 1e9;
            double jm = (flink.jobManagerCpuNanos() - jm0) / 1e9;
            double own = (LocalCluster.processCpuNanos() - own0) / 1e9;
            Map<String, Double> cpu = new LinkedHashMap<>();
            cpu.put("taskmanager", tm);
            cpu.put("jobmanager", jm);
            cpu.put("harness", own);
            report.context("cluster_burst_cpu_s", cpu);
            chart.put("end to end, standalone cluster", burstRows("cluster", "end to end on the standalone cluster", ph, burst,
                    String.format("the job jar over REST on a JobManager + TaskManager JVM from flink-conf/ as ./snapmap up runs them "
                            + "(RocksDB, p=2); polled every %d ms; CPU during the burst: TaskManager %.0f s, JobManager %.0f s, "
                            + "this JVM (Kafka, MongoDB-wire server, publisher, poller) %.0f s, in %.0f s", EndToEndRun.POLL_MILLIS,
                            tm, jm, own, ph.wallNanos / 1e9)));
            taskRow("cluster", "end to end on the standalone cluster",
                    TaskTimes.read(flink.rest(), job.jobId()).since(tasks, ph.wallNanos));
        }
    }

    /** Where the burst's time went: each task's busy and back-pressured share (context {@code <key>_burst_task_busy}). */
    private void taskRow(String key, String what, List<TaskTimes.Share> shares) {
        report.context(key + "_burst_task_busy", shares.stream().collect(Collectors.toMap(TaskTimes.Share::name,
                TaskTimes.Share::busy, (a, b) -> a, LinkedHashMap::new)));
        report.row(what + ": busiest task during the burst", shares.isEmpty() ? Double.NaN : shares.get(0).busy(), "of its time",
                "-", TaskTimes.describe(shares) + " (Flink's accumulated busy and back-pressured time over the burst × parallelism)");
    }

    private void warmUp(EndToEndRun run, List<Photo> places, String part) {
        log.println(part + ": warming up the job...");
        EndToEndRun.Phase warm = run.phase("warm-up", places.subList(0, 200), 0, Duration.ofSeconds(60));
        log.printf("%s: %d of %d warm-up photos visible%n", part, warm.visible, warm.published);
    }

    /**
     * The two rows of a burst, and its JSON keys {@code <key>_pps} and {@code <key>_burst_tail_ms};
     * returns the photos/s.
     */
    private double burstRows(String key, String what, EndToEndRun.Phase ph, int burst, String how) {
        // Not all visible within the drain: what became visible per second is a lower bound.
        double pps = Rates.perSecond(ph.visible, ph.wallNanos);
        double tail = ph.tailMs < 0 ? Double.NaN : ph.tailMs;
        report.put(key + "_pps", pps);
        report.put(key + "_burst_tail_ms", tail);
        report.row(what + " at saturation (" + burst + " photos published at once)", pps, "photos/s", "-",
                ph.visible + " of " + ph.published + " visible (if not all: a lower bound); " + how);
        report.row(what + ": last eventId after the burst's last publish", tail, "ms", "≤ 20 000",
                ph.tailMs < 0 ? "not all visible within the drain time" : burst + " photos, all visible");
        return pps;
    }

    private void gateway(EmbeddedKafka kafka, EmbeddedMongo mongo) throws Exception {
        String cp = System.getProperty("snapmap.gateway.classpath");
        String azurite = System.getProperty("snapmap.azurite");
        if (cp == null || azurite == null || !Files.isRegularFile(Path.of(cp)) || !Files.isRegularFile(Path.of(azurite))) {
            report.row("gateway upload p99", Double.NaN, "ms", "within 20 % of a bare put",
                    "not measured: the gateway's classpath or Azurite is missing (./snapmap bench builds both)");
            return;
        }
        double rate = 20;
        log.printf("gateway: %d uploads at %.0f/s, then as many bare puts...%n", plan.gatewayUploads, rate);
        kafka.createTopics(2, "photo-uploads");
        GatewayRun.Outcome o = GatewayRun.run(Path.of(cp), Path.of(azurite), kafka.bootstrapServers(), mongo.connectionString(),
                plan.gatewayUploads, rate);
        report.put("gateway_p99_ms", o.gatewayMs.at(99));
        report.put("bare_put_p99_ms", o.barePutMs.at(99));
        report.row("gateway upload p99 (" + plan.gatewayUploads + " × " + o.imageBytes / 1000 + " KB JPEG at " + (int) rate + "/s)",
                o.gatewayMs.at(99), "ms", "within 20 % of a bare put",
                String.format("p50 %s ms; %s of the bare put's p99; %d failed; blob + MongoDB + Kafka, own JVM",
                        Row.format(o.gatewayMs.at(50)), percent(Rates.ratio(o.gatewayMs.at(99), o.barePutMs.at(99))), o.failures));
        report.row("bare blob put p99 (same bytes, same Azurite, from this process)", o.barePutMs.at(99), "ms", "-",
                "p50 " + Row.format(o.barePutMs.at(50)) + " ms");
    }

    private void latencyRow(EndToEndRun.Phase ph, int rate) {
        if (rate == 1000) {
            report.put("e2e_latency_p50_ms", ph.latencyMs.at(50));
            report.put("e2e_latency_p99_ms", ph.latencyMs.at(99));
        }
        report.row("end to end latency p99 at " + rate + " photos/s", ph.latencyMs.at(99), "ms",
                rate == 1000 ? "≤ 2 000" : "-",
                String.format("p50 %s, max %s ms; %d of %d visible; last one %s after the load stopped (target ≤ 5 s)",
                        Row.format(ph.latencyMs.at(50)), Row.format(ph.latencyMs.max()), ph.visible, ph.published,
                        ph.tailMs < 0 ? "not within the drain time" : ph.tailMs + " ms"));
    }

    private Path write(Load load, String name) throws Exception {
        Path file = work.resolve(name + ".jsonl");
        UploadEventCodec codec = new UploadEventCodec();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Photo p : load.arrivals) {
                w.write(codec.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)));
                w.newLine();
            }
        }
        return file;
    }

    private static long read(JobRun run, long input) {
        return run.finished ? input : 0;
    }

    private String partial(JobRun run) {
        return run.finished ? "" : String.format("; did not finish within the %d s limit (cancelled; %d records had reached "
                + "its first stage after the source)", plan.jobTimeout.toSeconds(), run.recordsRead());
    }

    static String shortName(String vertex) {
        return vertex.length() > 40 ? vertex.substring(0, 40) + "…" : vertex;
    }

    static String percent(double r) {
        return Double.isNaN(r) ? "n/a" : String.format("%.0f %%", 100 * r);
    }

    static Set<String> parts(String csv) {
        return csv == null || csv.isBlank() ? Set.of() : new HashSet<>(List.of(csv.split(",")));
    }
}
