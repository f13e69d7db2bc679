package com.snapmap.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.snapmap.core.store.MongoSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.bson.Document;

/**
 * The race's one observer, the same for both sides: every {@link #POLL_MILLIS} ms it counts the
 * photos of the side's database that have an {@code eventId} (one count per poll, which the server
 * counts apart from the side's reads), and times the run from the first poll that saw photos with one
 * to the last that saw more, with the CPU of every process of the run over that span (read just
 * before each of those polls), and this JVM's share of it thread by thread ({@link ThreadCpu}).
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
        long first = -1;
        long last = -1;
        long cpuAtFirst = 0;
        long cpuAtLast = 0;
        long visible = 0;
        long firstSeen = 0;
        ThreadCpu threadsAtFirst = null;
        ThreadCpu threadsAtLast = null;
        int polls = 0;
        while (visible < photos && System.nanoTime() < deadline) {
            long cpu = cpuNanos.getAsLong();
            long now = System.nanoTime();
            long seen = photosCollection.countDocuments(Filters.exists(MongoSchema.EVENT_ID));
            polls++;
            if (seen > 0 && first < 0) {
                first = now;
                cpuAtFirst = cpu;
                firstSeen = seen;
                threadsAtFirst = ThreadCpu.now();
            }
            if (seen > visible) {
                last = now;
                cpuAtLast = cpu;
                visible = seen;
                threadsAtLast = ThreadCpu.now();
            }
            if (visible < photos) {
                LockSupport.parkNanos(POLL_MILLIS * 1_000_000);
            }
        }
        long wall = first < 0 ? 0 : last - first;
        return new RaceSpan(photos, visible, firstSeen, wall, first < 0 ? 0 : cpuAtLast - cpuAtFirst,
                first < 0 ? -1 : first - startedNanos, polls, first < 0 ? Map.of() : threadsAtLast.since(threadsAtFirst));
    }
}
