package com.snapmap.job.cold;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.snapmap.contract.EventBson;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.EventDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.bson.Document;

/**
 * Flink adapter of {@link ColdPath}, under one key (so its changes are serialized), emitting every
 * document it writes for the event-updates feed; it also applies photos' erasures to closed events
 * ({@link ColdErasure}). Deferred photos and erasures wait in state and are tried again
 * on a processing-time timer, 0.5 s at first, doubling to 30 s while nothing of them settles. It is
 * some 300 lines because the feed's exactly-once bookkeeping, the deferred retries and the erasures'
 * watermark hold share one key's state and timers; the logic itself lives in {@link ColdPath} and
 * {@link ColdErasure}.
 *
 * <p>The feed is exactly once per version: the last version emitted of each id is kept in state,
 * and after a start (a restore, or a replay from the earliest offsets) the first call publishes the
 * cold path's documents that MongoDB holds at a version not emitted yet: a change made after the
 * restored checkpoint was published in a transaction that was rolled back, and its photo, read
 * again, already has its event.
 *
 * <p>An erasure is applied only once the hot path is done with its photo in this run: the watermark
 * of a completed checkpoint has passed the photo's {@code takenAt} by {@code hotHoldMillis}
 * ({@code ClusteringConfig#hotHoldMillis}: W + the allowed lateness, to the next sweep). Past that no
 * upload of it can reach the hot path, no photo links to it there any more, its event is closed if it
 * was alone, and every write the hot path made for it (its event, its neighbours' labels) was flushed
 * to MongoDB before that checkpoint completed. Applied earlier, an erasure could find nothing yet, or
 * an event a later photo would still join through the erased one, and be done; the hot path then
 * wrote an event that counts the photo, or is named after it. A closed event's erasure is past that
 * watermark already, but for the first checkpoint of a run: the function sees the watermark when it is
 * called, and on an event-time timer every {@value #WATERMARK_TICK_MS} ms of event time.
 */
public class ColdPathFunction extends KeyedCoProcessFunction<String, UploadEvent, Erasure, EventDocument>
        implements CheckpointedFunction, CheckpointListener {

    private static final long serialVersionUID = 1L;

    /** The one key: the cold path's writes are serialized. */
    public static final String KEY = "cold";
    static final long FIRST_RETRY_MS = 500;
    static final long MAX_RETRY_MS = 30_000;
    /** Event time between two looks at the watermark when nothing else calls the function. */
    static final long WATERMARK_TICK_MS = 60_000;

    private final String mongoUri;
    private final String database;
    private final LinkRule rule;
    private final boolean placeLookup;
    private final long hotHoldMillis;

    /** The cold path's watermark as last seen, the one each pending checkpoint was taken at, and the last completed one's. */
    private transient long watermark = Long.MIN_VALUE;
    private transient NavigableMap<Long, Long> snapshotWatermarks;
    private transient long committedWatermark = Long.MIN_VALUE;
    private transient boolean ticking;
    private transient MongoClient client;
    private transient ColdPath path;
    private transient ColdErasure erasure;
    private transient MapState<String, UploadEvent> pending;
    /** Erasures waiting for their event to close (docs/SEMANTICS.md, "Deleting a photo"). */
    private transient MapState<String, Erasure> erasing;
    private transient MapState<String, Long> emitted;
    private transient ValueState<Long> retryMs;
    private transient boolean caughtUp;
    private transient Counter assigned;

    public ColdPathFunction(String mongoUri, String database, LinkRule rule, boolean placeLookup, long hotHoldMillis) {
        this.mongoUri = mongoUri;
        this.database = database;
        this.rule = rule;
        this.placeLookup = placeLookup;
        this.hotHoldMillis = hotHoldMillis;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        snapshotWatermarks = new TreeMap<>();
        watermark = Long.MIN_VALUE;
        committedWatermark = Long.MIN_VALUE; // none of this run yet: erasures wait for the first checkpoint
        ticking = false;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        snapshotWatermarks.put(context.getCheckpointId(), watermark);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<Long, Long> done = snapshotWatermarks.headMap(checkpointId, true);
        for (long w : done.values()) {
            committedWatermark = Math.max(committedWatermark, w);
        }
        done.clear();
    }

    @Override
    public void open(OpenContext openContext) {
        client = MongoClients.create(mongoUri);
        path = new ColdPath(client.getDatabase(database), rule, placeLookup, System::currentTimeMillis);
        erasure = new ColdErasure(client.getDatabase(database), rule, System::currentTimeMillis);
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending", Types.STRING, TypeInformation.of(UploadEvent.class)));
        emitted = getRuntimeContext().getMapState(new MapStateDescriptor<>("emitted", Types.STRING, Types.LONG));
        erasing = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("erasing", Types.STRING, TypeInformation.of(Erasure.class)));
        retryMs = getRuntimeContext().getState(new ValueStateDescriptor<>("retry-ms", Types.LONG));
        assigned = getRuntimeContext().getMetricGroup().counter("coldPathAssigned");
    }

    @Override
    public void processElement1(UploadEvent e, Context ctx, Collector<EventDocument> out) throws Exception {
        observe(ctx);
        catchUp(out);
        if (pending.contains(e.photoId)) {
            return; // a repeat of a photo that already waits
        }
        pending.put(e.photoId, e);
        Map<String, Photo> all = pendingPhotos();
        settle(path.run(List.of(all.get(e.photoId)), all), out);
        if (pending.contains(e.photoId)) {
            retrySoon(ctx);
        }
    }

    /** An erasure: applied at once to a closed event, or kept until its event has closed. */
    @Override
    public void processElement2(Erasure e, Context ctx, Collector<EventDocument> out) throws Exception {
        observe(ctx);
        catchUp(out);
        pending.remove(e.photoId); // a late upload of it still waiting is never clustered
        erasing.put(e.photoId, e);
        if (erase(e, out) == 0) {
            retrySoon(ctx);
        }
    }

    private void retrySoon(Context ctx) throws Exception {
        retryMs.update(FIRST_RETRY_MS);
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + FIRST_RETRY_MS);
    }

    /**
     * Notes the watermark (what the next checkpoint is taken at), and makes sure an event-time timer
     * looks at it again within {@value #WATERMARK_TICK_MS} ms of event time even if nothing arrives.
     */
    private void observe(Context ctx) {
        long now = ctx.timerService().currentWatermark();
        watermark = Math.max(watermark, now);
        if (!ticking) {
            ticking = true;
            // On a whole tick: the timers a restore brings back and a new one coincide.
            ctx.timerService().registerEventTimeTimer(Math.floorDiv(now, WATERMARK_TICK_MS) * WATERMARK_TICK_MS + WATERMARK_TICK_MS);
        }
    }

    /** Whether the hot path of this run may still write for the photo (see the class comment). */
    private boolean hotPathMayHold(Erasure e) {
        return committedWatermark < e.takenAt + hotHoldMillis;
    }

    /** 1 when the erasure is done, 0 when it waits. */
    private int erase(Erasure e, Collector<EventDocument> out) throws Exception {
        if (hotPathMayHold(e)) {
            return 0;
        }
        List<EventDocument> written = erasure.erase(e);
        if (written == null) {
            return 0;
        }
        erasing.remove(e.photoId);
        for (EventDocument d : written) {
            emit(d, out);
        }
        return 1;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EventDocument> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            ticking = false;
            observe(ctx);
            if (!erasing.isEmpty()) {
                retrySoon(ctx); // one may now be past the hot path, once a checkpoint has completed
            }
            return;
        }
        observe(ctx);
        catchUp(out);
        Long wait = retryMs.value();
        if (wait == null || (pending.isEmpty() && erasing.isEmpty())) {
            return; // an older timer: a newer one is set, or nothing waits
        }
        int settled = 0;
        for (Erasure e : toList(erasing.values())) {
            settled += erase(e, out);
        }
        Map<String, Photo> all = pendingPhotos();
        if (!all.isEmpty()) {
            settled += settle(path.run(new ArrayList<>(all.values()), all), out);
        }
        if (pending.isEmpty() && erasing.isEmpty()) {
            retryMs.clear();
            return;
        }
        long next = settled > 0 ? FIRST_RETRY_MS : Math.min(MAX_RETRY_MS, wait * 2);
        retryMs.update(next);
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + next);
    }

    private static <T> List<T> toList(Iterable<T> values) {
        List<T> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }

    private Map<String, Photo> pendingPhotos() throws Exception {
        Map<String, Photo> all = new HashMap<>();
        for (UploadEvent u : pending.values()) {
            all.put(u.photoId, new Photo(u.photoId, u.takenAt, u.lat, u.lon));
        }
        return all;
    }

    private int settle(ColdPath.Outcome o, Collector<EventDocument> out) throws Exception {
        for (String id : o.done) {
            pending.remove(id);
        }
        for (EventDocument d : o.written) {
            emit(d, out);
        }
        assigned.inc(o.done.size());
        return o.done.size();
    }

    private void emit(EventDocument d, Collector<EventDocument> out) throws Exception {
        Long last = emitted.get(d.eventId);
        if (last == null || d.version > last) {
            emitted.put(d.eventId, d.version);
            out.collect(d);
        }
    }

    /** Once per start: what the cold path wrote that the feed may not have (see the class comment). */
    private void catchUp(Collector<EventDocument> out) throws Exception {
        if (caughtUp) {
            return;
        }
        caughtUp = true;
        MongoCollection<Document> events = client.getDatabase(database).getCollection(MongoSchema.EVENTS);
        for (Document d : events.find(Filters.exists(com.snapmap.contract.EventDoc.SPLIT_INTO))) {
            emit(documentOf(d), out); // the tombstones erasures left
        }
        // The cold path's events and its tombstones; a tombstone an earlier build wrote carries no
        // owner, and is found only while its survivor's last change lists it.
        for (Document d : events.find(Filters.eq(MongoSchema.OWNER, MongoSchema.OWNER_COLD_PATH))) {
            emit(documentOf(d), out);
            for (String loser : ColdPath.retired(d)) {
                Document t = events.find(Filters.eq(MongoSchema.ID, loser)).first();
                if (t != null && d.getString(MongoSchema.ID).equals(t.getString(MongoSchema.MERGED_INTO))) {
                    emit(documentOf(t), out);
                }
            }
        }
    }

    private static EventDocument documentOf(Document bson) {
        return EventDocument.copyOf(EventBson.fromBson(bson));
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
