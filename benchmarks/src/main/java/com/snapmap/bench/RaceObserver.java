package com.snapmap.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.snapmap.contract.MongoSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.bson.Document;

/**
 * The race's one observer, the same for both sides: every {@link #POLL_MILLIS} ms it counts the
 * photos of the side's database that have an {@code eventId} (one count per poll, which the server
 * counts apart from the side's reads), and times the run from the last poll that saw none to the
 * last that saw more, with the CPU of every process of the run over that span, and this JVM's
 * share of it thread by thread ({@link ThreadCpu}).
 */
final class RaceObserver implements RaceSpan.Observer {

    static final long POLL_MILLIS = 100;

    private final LongSupplier cpuNanos;

    /** @param cpuNanos the CPU time of every process of the run so far */
    RaceObserver(LongSupplier cpuNanos) {
        this.cpuNanos = cpuNanos;
    }

    /** Polls until all {@code photos} have an eventId or {@code timeout} passed since {@code startedNanos}. */
    @Override
    public RaceSpan await(MongoCollection<Document> photosCollection, long photos, long startedNanos, Duration timeout) {
        long deadline = startedNanos + timeout.toNanos();
        // The span opens at the last poll that saw none, so a side that is done within a poll or two still has one.
        long open = startedNanos;
        long cpuAtOpen = cpuNanos.getAsLong();
        ThreadCpu threadsAtOpen = ThreadCpu.now();
        long last = -1;
        long cpuAtLast = 0;
        ThreadCpu threadsAtLast = null;
        long visible = 0;
        long firstVisible = -1;
        int polls = 0;
        while (visible < photos && System.nanoTime() < deadline) {
            long cpu = cpuNanos.getAsLong();
            long now = System.nanoTime();
            ThreadCpu threads = ThreadCpu.now();
            long seen = photosCollection.countDocuments(Filters.exists(MongoSchema.EVENT_ID));
            polls++;
            if (seen == 0) {
                open = now;
                cpuAtOpen = cpu;
                threadsAtOpen = threads;
            } else if (firstVisible < 0) {
                firstVisible = now;
            }
            if (seen > visible) {
                last = now;
                cpuAtLast = cpu;
                threadsAtLast = threads;
                visible = seen;
            }
            if (visible < photos) {
                LockSupport.parkNanos(POLL_MILLIS * 1_000_000);
            }
        }
        return last < 0 ? new RaceSpan(photos, 0, 0, 0, -1, polls, Map.of())
                : new RaceSpan(photos, visible, last - open, cpuAtLast - cpuAtOpen, firstVisible - startedNanos, polls,
                        threadsAtLast.since(threadsAtOpen));
    }
}
