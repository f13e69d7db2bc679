package com.snapmap.bench;

import com.mongodb.client.MongoCollection;
import java.time.Duration;
import org.bson.Document;

/**
 * One side's run of the race, as the observer saw it: from the first poll that found photos with
 * an eventId to the last poll that found more, and the CPU of every process of the run over that
 * span.
 *
 * @param firstSeen photos already with an eventId at the first such poll (not counted in the rate)
 * @param startupNanos from starting the side to its first visible eventId (-1: none)
 * @param polls the observer's counts, each one a read the server counts apart from the side's
 */
public record RaceSpan(long photos, long visible, long firstSeen, long wallNanos, long cpuNanos, long startupNanos, int polls) {

    /** Watches one side's {@code photos} collection until all have an eventId or time is up. */
    @FunctionalInterface
    public interface Observer {
        RaceSpan await(MongoCollection<Document> photos, long expected, long startedNanos, Duration timeout);
    }

    public boolean complete() {
        return visible >= photos;
    }

    /** Photos that became visible within the span, per second of it. */
    public double photosPerSecond() {
        return Rates.perSecond(visible - firstSeen, wallNanos);
    }

    public double cpuMicrosPerPhoto() {
        return Rates.cpuMicrosPer(cpuNanos, visible - firstSeen);
    }
}
