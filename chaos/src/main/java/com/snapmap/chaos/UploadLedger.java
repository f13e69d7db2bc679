package com.snapmap.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What the clients did, shared by them: every acknowledged upload, the retries, the uploads given up. */
public final class UploadLedger {

    private final List<Acknowledged> acknowledged = new ArrayList<>();
    private final List<String> givenUp = new ArrayList<>();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong(Long.MIN_VALUE);

    public synchronized void acknowledged(Acknowledged a) {
        acknowledged.add(a);
        lastAckNanos.set(System.nanoTime());
    }

    public synchronized void gaveUp(PlannedPhoto p, String why) {
        givenUp.add(p.key() + ": " + why);
    }

    public void retried() {
        retries.incrementAndGet();
    }

    /** Whether an upload was acknowledged after {@code nanos} (a System.nanoTime value). */
    public boolean ackedSince(long nanos) {
        long last = lastAckNanos.get();
        return last != Long.MIN_VALUE && last - nanos > 0;
    }

    public synchronized List<Acknowledged> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public synchronized List<String> givenUp() {
        return List.copyOf(givenUp);
    }

    public long retries() {
        return retries.get();
    }
}
