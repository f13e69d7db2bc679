package com.snapmap.bench;

import com.mongodb.client.MongoCollection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * One side's run of the race, as the observer saw it: from the last poll that found no photo with
 * an eventId to the last poll that found more, and the CPU of every process of the run over that
 * span.
 *
 * @param startupNanos from starting the side to its first visible eventId (-1: none)
 * @param polls the observer's counts, each one a read the server counts apart from the side's
 * @param threadCpuNanos this JVM's CPU over the span by thread group ({@link ThreadCpu#groupOf})
 */
public record RaceSpan(long photos, long visible, long wallNanos, long cpuNanos, long startupNanos, int polls,
        Map<String, Long> threadCpuNanos) {

    /**
     * The {@code n} thread groups that took the most CPU, with their share of the span's CPU (all
     * processes), and what no Java thread of this JVM accounts for.
     */
    public String topThreads(int n) {
        List<String> top = new ArrayList<>();
        threadCpuNanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> top.add(String.format("%s %.0f %%", BenchRun.shortName(e.getKey()), 100.0 * e.getValue() / cpuNanos)));
        long threads = threadCpuNanos.values().stream().mapToLong(Long::longValue).sum();
        // GC, JIT and RocksDB threads are native, ended threads cannot be read, other JVMs are not this one.
        top.add(String.format("no live Java thread of this JVM (GC, JIT, RocksDB native threads, ended threads, other JVMs) %.0f %%",
                100.0 * (cpuNanos - threads) / cpuNanos));
        return String.join(", ", top);
    }

    /** Watches one side's {@code photos} collection until all have an eventId or time is up. */
    @FunctionalInterface
    public interface Observer {
        RaceSpan await(MongoCollection<Document> photos, long expected, long startedNanos, Duration timeout);
    }

    public boolean complete() {
        return visible >= photos;
    }

    /** Photos visible at the span's end, per second of it. */
    public double photosPerSecond() {
        return Rates.perSecond(visible, wallNanos);
    }

    public double cpuMicrosPerPhoto() {
        return Rates.cpuMicrosPer(cpuNanos, visible);
    }
}
