package com.snapmap.bench.naive;

import com.mongodb.client.MongoDatabase;
import com.snapmap.core.cluster.LinkRule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The naive worker's consumer group: one thread per consumer, stopped together. */
final class WorkerGroup {

    final AtomicLong processed = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    /** Starts {@code consumers} workers of consumer group {@code group} reading {@code topic} into {@code db}. */
    WorkerGroup(String bootstrap, String topic, String group, MongoDatabase db, int consumers, LinkRule rule) {
        for (int i = 0; i < consumers; i++) {
            Thread t = new Thread(new NaiveWorker(bootstrap, topic, group, db, new JoinOrCreate(rule),
                    new RecentPhotoBuckets(rule.radiusMeters(), rule.windowMillis()), processed, stop), "naive-worker-" + i);
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            threads.add(t);
            t.start();
        }
    }

    boolean failed() {
        return !failures.isEmpty();
    }

    /** Stops every worker after its current poll and waits for it; throws if one failed. */
    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("naive worker failed", failures.get(0));
        }
    }
}
