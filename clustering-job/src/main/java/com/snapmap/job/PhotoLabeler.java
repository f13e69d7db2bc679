package com.snapmap.job;

import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.PhotoWrite;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The photo labeler (docs/HOT-PATH.md), keyed by local label: turns the registries' decisions into idempotent photo
 * writes: one per assigned photo, and one label-wide write (an updateMany over
 * {@code clusterLabel}) per relabel.
 *
 * <p>Decisions about one label come from its region's registry and from the border merge, in no
 * particular order between the two. A label's event only grows, so its id only ever moves to an
 * earlier first photo: the labeler keeps the id with the earliest first photo it has seen, writes
 * new photos with it, and drops a relabel that would move the label back. The label's state goes
 * when its event closes.
 */
public class PhotoLabeler extends KeyedProcessFunction<String, LabelFact, PhotoWrite>
        implements WriteBehindOperator.WritesBehind {

    /** The one entry of a label's decision in {@link #current}. */
    private static final String DECISION = "";

    private final ClusteringConfig config;
    /** The label's decision; on RocksDB cached and written behind (see {@link WriteBehindOperator}). */
    private transient WriteBehindCache<LabelFact> current;
    private boolean writeBehind;
    private transient Counter photoWrites;
    private transient Counter labelWrites;

    public PhotoLabeler(ClusteringConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueState<LabelFact> decision = getRuntimeContext().getState(
                new ValueStateDescriptor<>("current", LabelFact.pojoType()));
        current = new WriteBehindCache<>(WriteBehindCache.of(decision), WriteBehindCache.CAPACITY);
        if (writeBehind) {
            current.enable();
        }
        photoWrites = getRuntimeContext().getMetricGroup().counter("photoWrites");
        labelWrites = getRuntimeContext().getMetricGroup().counter("labelWrites");
    }

    @Override
    public void processElement(LabelFact f, Context ctx, Collector<PhotoWrite> out) throws Exception {
        current.at(ctx.getCurrentKey());
        LabelFact known = current.get(DECISION);
        boolean newer = known == null || f.newerThan(known.firstTakenAt, known.firstPhotoId);
        if (f.kind == LabelFact.Kind.ASSIGN) {
            if (newer && known != null) {
                // A newer id can come with a photo (a region renaming a border cluster): the
                // label's earlier photos follow it like on a relabel.
                out.collect(PhotoWrite.label(f.label, f.eventId));
                labelWrites.inc();
            }
            out.collect(PhotoWrite.photo(f.photoId, f.label, newer ? f.eventId : known.eventId));
            photoWrites.inc();
        } else if (newer) {
            // Also when the label is unknown here: it may have been forgotten while its event
            // lived on elsewhere (a border event), and its photos must still follow.
            out.collect(PhotoWrite.label(f.label, f.eventId));
            labelWrites.inc();
        }
        long expireAt = Math.max(f.expireAt, known == null ? Long.MIN_VALUE : known.expireAt);
        // The expiry is only ever checked on the sweep grid: a move within one grid step (most
        // photos of a live event) changes neither the state nor the timer.
        if (newer || config.onSweepGrid(expireAt) != config.onSweepGrid(known.expireAt)) {
            LabelFact keep = newer ? f : known;
            LabelFact state = LabelFact.relabel(f.label, keep.eventId, keep.firstTakenAt, keep.firstPhotoId, expireAt);
            current.put(DECISION, state);
            if (known == null && expireAt != Long.MAX_VALUE) {
                // One timer at a time: when it fires on a label whose expiry moved, it is set again
                // (a timer per grid step the expiry crossed cost a quarter of the labeler's time).
                ctx.timerService().registerEventTimeTimer(config.onSweepGrid(expireAt));
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PhotoWrite> out) throws Exception {
        current.at(ctx.getCurrentKey());
        LabelFact known = current.get(DECISION);
        if (known == null) {
            return;
        }
        if (known.expireAt <= timestamp) {
            current.remove(DECISION);
        } else if (known.expireAt != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(config.onSweepGrid(known.expireAt));
        }
    }

    @Override
    public void writeBehind(boolean on) {
        writeBehind = on;
    }

    @Override
    public boolean writeBehindFull() {
        return current.full();
    }

    @Override
    public void writeBack(Consumer<String> setKey) throws Exception {
        current.writeBack(setKey);
    }
}
