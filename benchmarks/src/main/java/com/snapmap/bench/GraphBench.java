package com.snapmap.bench;

import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.job.ClusteringGraph;
import com.snapmap.job.io.FileClusteringRun;
import com.snapmap.job.io.StateBackendKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The graph alone, file → discard on a local cluster: against the floor (the same shuffles with one
 * state update each) on heap and RocksDB, the stadium and late-arrival loads, records per subtask,
 * checkpoints, and the partition against the reference clusterer.
 */
final class GraphBench {

    private final BenchRun bench;

    GraphBench(BenchRun bench) {
        this.bench = bench;
    }

    /** @param referenceMicros the offline reference clusterer's time per photo, warm, one thread */
    void run(Load city, Load stadium, Load late, Clustering reference, double referenceMicros)
            throws Exception {
        Path cityFile = bench.write(city, "city");
        Path rocksFile = bench.write(city.prefix(bench.plan().rocksdbCity), "city-rocksdb");
        Path scaleFile = bench.write(city.prefix(bench.plan().scaleOutCity), "city-scale-out");
        int shuffles = KeyedShuffles.count(ClusteringPipeline.build(cityFile, bench.config(), 2, 0));
        bench.report().context("keyed_shuffles", shuffles);
        bench.log().printf("the graph has %d keyed stages; the floor gets as many%n", shuffles);
        int n = city.arrivals.size();

        Map<String, Double> pps = new LinkedHashMap<>();
        for (StateBackendKind state : List.of(StateBackendKind.HEAP, StateBackendKind.ROCKSDB)) {
            Path file = state == StateBackendKind.HEAP ? cityFile : rocksFile;
            int records = state == StateBackendKind.HEAP ? n : bench.plan().rocksdbCity;
            for (int p : List.of(1, 2)) {
                try (LocalCluster cluster = new LocalCluster(p, state)) {
                    bench.log().printf("graph and floor, %s p=%d: warm-up runs each until the rate stops rising and the JIT compiler is quiet, then %d measured runs each...%n",
                            state, p, bench.plan().measuredRuns);
                    int graphWarmUps = SteadyRuns.warmUp(() -> cluster.run(ClusteringPipeline.build(file, bench.config(), p, 0), bench.plan().jobTimeout),
                            r -> r.recordsPerSecond(records), bench.plan().maxWarmUps);
                    int floorWarmUps = SteadyRuns.warmUp(() -> cluster.run(FloorPipeline.build(file, bench.config(), p, shuffles), bench.plan().jobTimeout),
                            r -> r.recordsPerSecond(records), bench.plan().maxWarmUps);
                    SteadyRuns graphs = new SteadyRuns();
                    SteadyRuns floors = new SteadyRuns();
                    for (int i = 0; i < bench.plan().measuredRuns; i++) { // alternated, so drift hits both alike
                        graphs.add(cluster.run(ClusteringPipeline.build(file, bench.config(), p, 0), bench.plan().jobTimeout));
                        floors.add(cluster.run(FloorPipeline.build(file, bench.config(), p, shuffles), bench.plan().jobTimeout));
                    }
                    JobRun graph = graphs.median();
                    JobRun floor = floors.median();
                    double g = graph.recordsPerSecond(records);
                    double f = floor.recordsPerSecond(records);
                    pps.put(state + " p" + p, g);
                    bench.log().printf("graph %s p=%d: %.0f photos/s, floor %.0f photos/s%n", state, p, g, f);
                    String where = state + ", p=" + p + ", " + records + " city photos";
                    bench.report().row("graph, file → discard (" + where + ")", g, "photos/s",
                            state == StateBackendKind.HEAP ? "-" : "≥ 50 % of floor",
                            String.format("%s CPU µs/photo; %s of floor; median of %d runs after %d warm-up runs (%s photos/s); task CPU: %s%s",
                                    Row.format(Rates.cpuMicrosPer(graph.cpuNanos, BenchRun.read(graph, records))), BenchRun.percent(Rates.ratio(g, f)),
                                    graphs.runs().size(), graphWarmUps, graphs.spread(r -> r.recordsPerSecond(records)), graph.taskCpuShares(4),
                                    bench.partial(graph)));
                    bench.report().row("floor: " + shuffles + " keyed shuffles + 1 state update each (" + where + ")", f, "photos/s", "-",
                            String.format("%s CPU µs/photo; same file source and JSON parse; median of %d runs after %d warm-up runs (%s photos/s)%s",
                                    Row.format(Rates.cpuMicrosPer(floor.cpuNanos, BenchRun.read(floor, records))), floors.runs().size(), floorWarmUps,
                                    floors.spread(r -> r.recordsPerSecond(records)), bench.partial(floor)));
                    if (state == StateBackendKind.HEAP) {
                        // What the clustering costs on top of moving the records: next to what
                        // the offline algorithm alone costs, in memory, with no Flink.
                        double beyond = Rates.cpuMicrosPer(graph.cpuNanos, BenchRun.read(graph, records))
                                - Rates.cpuMicrosPer(floor.cpuNanos, BenchRun.read(floor, records));
                        bench.report().row("graph CPU beyond the floor (" + where + ")", beyond, "µs/photo", "≤ 1.5× the reference's",
                                String.format("graph − floor CPU µs/photo, same run; %s× the reference clusterer's %s µs/photo "
                                        + "(offline, warm, one thread)", Row.format(beyond / referenceMicros), Row.format(referenceMicros)));
                    }
                    if (p == 2) {
                        bench.chart().put("graph " + state + " p2", g);
                        bench.chart().put("floor " + state + " p2", f);
                        bench.report().put(state == StateBackendKind.HEAP ? "graph_heap_pps" : "graph_rocksdb_pps", g);
                        bench.report().put(state == StateBackendKind.HEAP ? "floor_pps" : "floor_rocksdb_pps", f);
                        if (state == StateBackendKind.HEAP) {
                            long writes = graph.counter(ClusteringPipeline.PHOTO_WRITES) + graph.counter(ClusteringPipeline.EVENT_DOCUMENTS);
                            double perPhoto = graph.finished ? writes / (double) n : Double.NaN;
                            bench.report().put("mongo_writes_per_photo", perPhoto);
                            bench.report().row("MongoDB writes per photo (city)", perPhoto, "write models", "≤ 1.2",
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
            bench.log().printf("records per subtask at p=%d...%n", p);
            try (LocalCluster cluster = new LocalCluster(p, StateBackendKind.HEAP)) {
                scaleOut(cluster.run(ClusteringPipeline.build(scaleFile, bench.config(), p, 0), bench.plan().jobTimeout), p);
            }
        }
        checkpoints(city.prefix(bench.plan().rocksdbCity), rocksFile);
        exactness(cityFile, city, reference);
    }

    private void loadRuns(LocalCluster cluster, Load stadium, Load late) throws Exception {
        bench.log().println("stadium and late-arrival loads...");
        JobRun s = steady(cluster, bench.write(stadium, "stadium"), stadium.arrivals.size());
        double sp = s.recordsPerSecond(stadium.arrivals.size());
        bench.report().put("stadium_pps", sp);
        bench.chart().put("graph heap p2, stadium", sp);
        Object city = bench.report().figure("graph_heap_pps");
        bench.report().row("graph, stadium (heap, p=2, " + stadium.arrivals.size() + " photos in 30 m, 1 h)", sp, "photos/s",
                "≥ ½ city rate", BenchRun.percent(Rates.ratio(sp, city == null ? Double.NaN : (Double) city)) + " of the city rate; median of "
                        + bench.plan().measuredRuns + " runs after warm-up runs" + bench.partial(s));
        JobRun l = steady(cluster, bench.write(late, "late-mix"), late.arrivals.size());
        double lp = l.recordsPerSecond(late.arrivals.size());
        bench.report().put("late_mix_pps", lp);
        bench.report().row("graph, late-arrival mix (heap, p=2)", lp, "records/s", "-",
                l.counter(ClusteringPipeline.TOO_LATE) + " records past the lateness, for the cold path; 5 % duplicates" + bench.partial(l));
    }

    /**
     * The graph at p = 2 on one load, as the city is measured: warm-up runs until it is warm (see
     * {@link SteadyRuns#warmUp}), then the median of the measured runs (a single run of these loads lasts about half a
     * second, and one such run swung between 41 % and 96 % of the city's rate).
     */
    private JobRun steady(LocalCluster cluster, Path file, int records) throws Exception {
        SteadyRuns.warmUp(() -> cluster.run(ClusteringPipeline.build(file, bench.config(), 2, 0), bench.plan().jobTimeout),
                r -> r.recordsPerSecond(records), bench.plan().maxWarmUps);
        SteadyRuns runs = new SteadyRuns();
        for (int i = 0; i < bench.plan().measuredRuns; i++) {
            runs.add(cluster.run(ClusteringPipeline.build(file, bench.config(), 2, 0), bench.plan().jobTimeout));
        }
        return runs.median();
    }

    private void scaleOut(JobRun run, int p) {
        double share = run.busiestShare(p);
        String stages = run.stages.stream().filter(s -> s.parallelism() == p && s.total() > 0)
                .map(s -> BenchRun.shortName(s.stage) + " " + s.perSubtask).collect(Collectors.joining("; "));
        if (p == 2) {
            bench.report().put("busiest_subtask_share", share);
        }
        bench.report().context("records_in_per_subtask_p" + p, run.stages.stream()
                .collect(Collectors.toMap(s -> s.stage, s -> s.perSubtask, (a, b) -> a, LinkedHashMap::new)));
        bench.report().row("busiest subtask's share of a stage, p=" + p, share, "of records", "≤ ~" + Row.format(2.0 / p),
                "numRecordsIn per subtask: " + stages);
        if (p == 2) {
            // The same without the border merge's tiers, which no photo's own record passes: a city
            // lies in one 3-character geohash cell, so its tier-1 node is one key of few records.
            double photoPath = run.stages.stream()
                    .filter(s -> s.parallelism() == p && s.total() > 0 && !s.stage.startsWith(ClusteringGraph.BORDER_MERGE_NAME))
                    .mapToDouble(SubtaskCounts::busiestShare).max().orElse(Double.NaN);
            bench.report().put("busiest_subtask_share_photo_path", photoPath);
            String tiers = run.stages.stream().filter(s -> s.stage.startsWith(ClusteringGraph.BORDER_MERGE_NAME))
                    .map(s -> BenchRun.shortName(s.stage) + " " + s.total() + " (busiest " + Row.format(s.busiestShare()) + ")")
                    .collect(Collectors.joining("; "));
            bench.report().row("busiest subtask's share, stages every photo passes, p=" + p, photoPath, "of records",
                    "≤ ~" + Row.format(2.0 / p), "border merge records by tier: " + tiers);
        }
    }

    private void checkpoints(Load load, Path file) throws Exception {
        bench.log().println("checkpoints...");
        try (LocalCluster cluster = new LocalCluster(2, StateBackendKind.HEAP)) {
            // Often enough that a run of a second or less completes several: one checkpoint at its
            // start, before the state had grown, once gave 10 bytes per live photo.
            JobRun run = cluster.run(ClusteringPipeline.build(file, bench.config(), 2, 100), bench.plan().jobTimeout);
            List<AbstractCheckpointStats> done = run.checkpoints.getHistory().getCheckpoints().stream()
                    .filter(c -> c.getStatus() == CheckpointStatsStatus.COMPLETED).toList();
            double live = LivePhotos.average(load.arrivals, bench.config());
            double bytes = done.stream().mapToLong(AbstractCheckpointStats::getStateSize).average().orElse(Double.NaN);
            double millis = done.stream().mapToLong(AbstractCheckpointStats::getEndToEndDuration).average().orElse(Double.NaN);
            double perPhoto = bytes / live;
            bench.report().put("state_bytes_per_photo", perPhoto);
            bench.report().context("checkpoint_duration_ms", millis);
            bench.report().row("state bytes per live photo (heap, full checkpoints, p=2)", perPhoto, "bytes", "-",
                    String.format("mean size of %d checkpoints / %.0f live photos (photos inside W + lateness of the watermark, "
                            + "averaged over the run)", done.size(), live));
            bench.report().row("checkpoint duration (heap, p=2, every 0.1 s)", millis, "ms", "-", "mean end-to-end of the completed ones");
        }
    }

    private void exactness(Path cityFile, Load city, Clustering reference) throws Exception {
        bench.log().println("the graph's partition against the reference...");
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        FileClusteringRun.Outcome o = FileClusteringRun.run(env, cityFile, Files.createTempDirectory(bench.work(), "exact-"), bench.config(), null);
        Set<String> tooLate = o.tooLate.stream().map(e -> e.photoId).collect(Collectors.toSet());
        Map<String, String> truth = tooLate.isEmpty() ? reference.eventOfPhoto()
                : new ReferenceClusterer(bench.config().linkRule()).cluster(city.distinct().stream()
                        .filter(p -> !tooLate.contains(p.photoId)).toList()).eventOfPhoto();
        String diff = PartitionMetrics.differences(o.result.eventOfPhoto(), truth);
        bench.report().put("ours_exact", diff.isEmpty());
        bench.report().row("ours = reference (city, p=2)", diff.isEmpty() ? 1 : 0, "1 = exact", "exact",
                diff.isEmpty() ? "partition equal to the reference clusterer's" : "differs: " + diff.lines().findFirst().orElse(""));
    }
}
