package com.snapmap.bench.jmh;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.UnionFind;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.geo.CellCover;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The per-photo building blocks of the hot path, each on a city's photos, in ns per operation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoreBenchmarks {

    private static final int N = 4096; // a power of two: index with a mask

    private Photo[] photos;
    private byte[][] wire;
    private EventSummary[] summaries;
    private final CellCover cover = new CellCover(7, 50);
    private final LinkRule rule = LinkRule.defaults();
    private final UploadEventCodec codec = new UploadEventCodec();
    private final Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private int i;

    @Setup
    public void setUp() {
        List<Photo> city = CityStreamGenerator.lyon().generate(7, N, 0.6, "p");
        photos = city.toArray(new Photo[0]);
        wire = new byte[N][];
        summaries = new EventSummary[N];
        for (int k = 0; k < N; k++) {
            Photo p = photos[k];
            wire[k] = codec.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, "https://blob/p")).getBytes(StandardCharsets.UTF_8);
            summaries[k] = EventSummary.of(p);
        }
    }

    private int next() {
        return i = (i + 1) & (N - 1);
    }

    @Benchmark
    public String geohash() {
        Photo p = photos[next()];
        return Geohash.encode(p.lat, p.lon, 7);
    }

    @Benchmark
    public List<String> cellCover() {
        Photo p = photos[next()];
        return cover.cover(p.lat, p.lon);
    }

    @Benchmark
    public boolean linkCheck() {
        int k = next();
        return rule.linked(photos[k], photos[(k + 1) & (N - 1)]);
    }

    /** Union of a fresh pair into a growing forest, then a find: the registry's per-fact work. */
    @Benchmark
    public String unionFind() {
        UnionFind<String> uf = new UnionFind<>();
        for (int k = 0; k < 64; k++) {
            Photo a = photos[next()];
            uf.add(a.photoId);
            if (k > 0) {
                uf.union(a.photoId, photos[(i - 1) & (N - 1)].photoId);
            }
        }
        return uf.find(photos[i].photoId);
    }

    @Benchmark
    public EventSummary summaryMerge() {
        int k = next();
        EventSummary s = summaries[k].copy();
        s.merge(summaries[(k + 17) & (N - 1)]);
        return s;
    }

    @Benchmark
    public UploadEvent parseUploadEvent() throws Exception {
        return codec.parse(wire[next()], now);
    }
}
