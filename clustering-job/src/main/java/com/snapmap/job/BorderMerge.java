package com.snapmap.job;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.job.model.BorderComponent;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.BorderPart;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.Collector;

/**
 * The border merge (docs/HOT-PATH.md, "The border merge in tiers"): the events whose clusters cross
 * a region border, put together from their parts (the way MR-DBSCAN merges partitions through their
 * margins), one tier of {@link BorderTiers} per instance, keyed by the tier's geohash prefix. The
 * Flink adapter of a node's {@link BorderComponents}: it holds their state and turns their decisions
 * into relabels, documents, parts for the node above, flushes and sweeps. A node sees only border
 * clusters of its own prefix, a part at most once per flush interval, never every photo.
 */
public class BorderMerge extends WriteBehindFunction<BorderFact, LabelFact> {

    private final int tier;

    private transient BorderComponents components;
    private transient Emit emit;
    private transient LongCounter facts;

    /** @param tier which of {@link BorderTiers} this instance runs */
    public BorderMerge(ClusteringConfig config, int tier) {
        super(config, WriteBehindCache.CAPACITY);
        if (tier < 0 || tier >= BorderTiers.COUNT) {
            throw new IllegalArgumentException("border merge tier must be 0.." + BorderTiers.ROOT + ", got " + tier);
        }
        this.tier = tier;
    }

    @Override
    protected void openState() {
        // Parts and components: on RocksDB cached and written behind (see WriteBehindOperator).
        components = new BorderComponents(config, tier, cached("parts", TypeInformation.of(BorderPart.class)),
                cached("components", TypeInformation.of(BorderComponent.class)), store("parent", Types.STRING),
                store("labels", Types.OBJECT_ARRAY(Types.STRING)), erased);
        emit = new Emit();
        // Per tier, in the job's accumulators (web UI, JobExecutionResult): how far up events reach.
        facts = getRuntimeContext().getLongCounter(factsAccumulator(tier));
    }

    /** Name of the accumulator counting the border facts tier {@code tier} took in. */
    public static String factsAccumulator(int tier) {
        return "border-merge-facts-tier-" + tier;
    }

    @Override
    public void processElement(BorderFact f, Context ctx, Collector<LabelFact> out) throws Exception {
        facts.add(1);
        Emit e = emit;
        e.start(ctx, out);
        if (f.kind == BorderFact.Kind.EDGE) {
            components.edge(ctx.getCurrentKey(), f.label, f.otherLabel, e);
        } else {
            components.part(ctx.getCurrentKey(), f.label, f.members, f.tiers, f.summary, f.partId, f.erased, e);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelFact> out) throws Exception {
        Emit e = emit;
        e.start(ctx, out);
        String node = ctx.getCurrentKey();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            for (String root : flushes.drain(node)) {
                components.flush(node, root, e);
            }
            return;
        }
        // Each root was filed for the sweep its component may close at; one whose expiry moved
        // later since is filed for a later sweep too, and one merged or closed is gone: re-check.
        Map<String, BorderComponent> closed = new TreeMap<>(); // closed in order of root
        for (String root : due.take(node, timestamp)) {
            BorderComponent c = components.expiring(root, timestamp);
            if (c != null) {
                closed.put(root, c);
            }
        }
        for (Map.Entry<String, BorderComponent> c : closed.entrySet()) {
            components.close(node, c.getKey(), c.getValue(), e);
        }
    }

    /** The components' decisions as this function's output and timers, for the current call. */
    private final class Emit extends Call implements BorderComponents.Decisions {

        @Override
        public void relabel(String label, String id, EventSummary whole, long expireAt) {
            out.collect(LabelFact.relabel(label, id, whole.firstTakenAt, whole.firstPhotoId, expireAt));
        }

        @Override
        public void tombstone(String oldId, String id, long count, int erasedCount) {
            ctx.output(EventRegistry.EVENTS, EventDocument.tombstone(oldId, id, count - erasedCount, erasedCount, now(ctx)));
        }

        @Override
        public void document(BorderComponent c, int erasedCount, boolean closed) {
            ctx.output(EventRegistry.EVENTS, EventDocument.hot(c.publishedId, c.whole, erasedCount, closed, now(ctx),
                    config.placeLookup()));
        }

        @Override
        public void handUp(String up, int above, String root, BorderComponent c, String[] fresh, String[] erasedIds) {
            BorderFact part = BorderFact.part(up, above, root, c.whole.copy(), c.publishedId, fresh);
            part.erased = erasedIds;
            ctx.output(BorderTiers.tag(tier + 1), part);
        }

        @Override
        public void expiresAt(String root, long expireAt) throws Exception {
            due.add(ctx.getCurrentKey(), config.onSweepGrid(expireAt), root);
        }

        @Override
        public void sweepAt(long time) {
            ctx.timerService().registerEventTimeTimer(time);
        }
    }
}
