package com.snapmap.job.prod;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.snapmap.contract.GuardedWrites;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.bson.Document;

/**
 * An at-least-once MongoDB sink for conditional writes ({@link GuardedWrites}): batches in arrival
 * order, flushed when full, after {@code batchIntervalMs} and before every checkpoint; a write
 * whose condition is false is skipped (counted in {@code conditionFalseWrites}), not retried.
 * One batch is in flight on a thread of its own while the task goes on filling the next: the
 * next waits for it, so batches apply in order, and a checkpoint waits for both (at-least-once as
 * before). Writing each batch on the task thread left it idle for every round trip: the photo
 * labeler, then chained to this sink, was the busiest task of a burst. The production job runs the
 * sink as a task of its own, so that the wait for a bulk holds no operator's work.
 * Writes with one coalesce key share a batch slot, and the one kept is the one their guard would
 * let win ({@link MongoWrites#supersedes}); a key written within the rewrite interval waits for it
 * to end ({@link PendingWrites}), and a checkpoint writes everything waiting.
 * The Flink MongoDB connector's sink would fail the job on the duplicate key that signals it.
 */
public class GuardedMongoSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final String uri;
    private final String database;
    private final String collection;
    private final int batchSize;
    private final long batchIntervalMs;
    private final int maxRetries;
    private final MongoWrites<T> writes;
    private final long rewriteIntervalMs;

    public GuardedMongoSink(String uri, String database, String collection, int batchSize, long batchIntervalMs,
            int maxRetries, MongoWrites<T> writes) {
        this(uri, database, collection, batchSize, batchIntervalMs, maxRetries, writes, 0);
    }

    /**
     * With {@code rewriteIntervalMs} &gt; 0, a key written less than that long ago waits until then
     * to be written again, coalesced with whatever else comes for it ({@link PendingWrites}).
     */
    public GuardedMongoSink(String uri, String database, String collection, int batchSize, long batchIntervalMs,
            int maxRetries, MongoWrites<T> writes, long rewriteIntervalMs) {
        this.rewriteIntervalMs = rewriteIntervalMs;
        this.uri = uri;
        this.database = database;
        this.collection = collection;
        this.batchSize = batchSize;
        this.batchIntervalMs = batchIntervalMs;
        this.maxRetries = maxRetries;
        this.writes = writes;
    }

    @Override
    @SuppressWarnings("deprecation") // the abstract one in Flink 1.20; the new one delegates to it
    public SinkWriter<T> createWriter(InitContext context) {
        return new Writer(context.getProcessingTimeService(),
                context.metricGroup().counter("conditionFalseWrites"), context.metricGroup().counter("mongoWrites"));
    }

    private final class Writer implements SinkWriter<T> {

        private final MongoClient client = MongoClients.create(uri);
        private final MongoDatabase db = client.getDatabase(database);
        private final MongoCollection<Document> coll = db.getCollection(collection);
        private final PendingWrites<T> pending = new PendingWrites<>(writes, rewriteIntervalMs);
        private final ProcessingTimeService time;
        private final Counter skipped;
        private final Counter written;
        private boolean timerSet;
        /** Applies one batch at a time, in the order they were handed over. */
        private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mongo-" + collection + "-writer");
            t.setDaemon(true);
            return t;
        });
        private Future<?> inFlight = CompletableFuture.completedFuture(null);

        Writer(ProcessingTimeService time, Counter skipped, Counter written) {
            this.time = time;
            this.skipped = skipped;
            this.written = written;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            pending.add(element, time.getCurrentProcessingTime());
            if (pending.pendingSize() >= batchSize) {
                hand(pending.takeBatch(time.getCurrentProcessingTime()));
            } else {
                tick();
            }
        }

        /** The batch timer, while writes wait (pending, or held for their interval). */
        private void tick() {
            if (!timerSet) {
                timerSet = true;
                time.registerTimer(time.getCurrentProcessingTime() + batchIntervalMs, t -> {
                    timerSet = false;
                    hand(pending.takeBatch(time.getCurrentProcessingTime()));
                    if (pending.hasHeld()) {
                        tick();
                    }
                });
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            hand(pending.takeAll(time.getCurrentProcessingTime()));
            awaitInFlight();
        }

        /** Hands {@code batch} over as the next one, once the one in flight is done. */
        private void hand(List<T> batch) throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            awaitInFlight();
            inFlight = io.submit(() -> {
                apply(batch);
                return null;
            });
        }

        /** Waits for the batch in flight; its failure (after its retries) fails the task here. */
        private void awaitInFlight() throws IOException {
            try {
                inFlight.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException failed ? failed : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a MongoDB write", e);
            }
        }

        /** On the writer thread: the batch, retried as a whole (its writes are idempotent). */
        private void apply(List<T> batch) throws IOException {
            for (int attempt = 0; ; attempt++) {
                try {
                    MongoWrites.Applied applied = writes.apply(db, coll, batch);
                    skipped.inc(applied.skipped());
                    written.inc(applied.models());
                    return;
                } catch (MongoException e) {
                    if (attempt >= maxRetries) {
                        throw new IOException("MongoDB " + collection + " write failed after " + (attempt + 1) + " attempts", e);
                    }
                    try {
                        Thread.sleep(100L << attempt); // back off before retrying the (idempotent) batch
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while retrying a MongoDB write", ie);
                    }
                }
            }
        }

        /** After {@code flush(true)} at the end of input nothing is in flight; on a cancel a batch may be cut short (replayed from the checkpoint). */
        @Override
        public void close() {
            io.shutdownNow();
            client.close();
        }
    }
}
