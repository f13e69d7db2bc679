package com.snapmap.job;

import com.snapmap.job.model.LinkFact;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * DESIGN.md §2 step 5, keyed by photoId: a photo's label in its home cell meets the labels its
 * halo copies touched in neighbouring cells, and each pair becomes a UNION. This is how events
 * that straddle cell borders come out whole. ASSIGN and UNION facts pass through to the registry.
 *
 * <p>Touches may arrive before the home label; they wait for it. Nothing can touch a photo once
 * {@code watermark > takenAt + W + lateness}, so its state is dropped then.
 */
public class MarginJoin extends KeyedProcessFunction<String, LinkFact, LinkFact> {

    private final ClusteringConfig config;
    private transient ValueState<String> homeLabel;
    private transient ListState<LinkFact> waitingTouches;

    public MarginJoin(ClusteringConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        homeLabel = getRuntimeContext().getState(new ValueStateDescriptor<>("home-label", Types.STRING));
        waitingTouches = getRuntimeContext().getListState(
                new ListStateDescriptor<>("waiting-touches", TypeInformation.of(LinkFact.class)));
    }

    @Override
    public void processElement(LinkFact f, Context ctx, Collector<LinkFact> out) throws Exception {
        switch (f.kind) {
            case UNION:
                out.collect(f);
                return;
            case ASSIGN:
                out.collect(f);
                homeLabel.update(f.label);
                for (LinkFact touch : waitingTouches.get()) {
                    // Stamped with the later of the two facts, whichever arrived first, so the
                    // registry orders the union the same way in every run.
                    unite(f.photoId, Math.max(f.takenAt, touch.takenAt), f.label, touch.label, out);
                }
                waitingTouches.clear();
                break;
            case TOUCH:
                String home = homeLabel.value();
                if (home == null) {
                    waitingTouches.add(f);
                } else {
                    unite(f.photoId, f.takenAt, home, f.label, out);
                }
                break;
            default:
                throw new IllegalStateException("unknown fact " + f.kind);
        }
        ctx.timerService().registerEventTimeTimer(config.forgetAt(f.takenAt));
    }

    private static void unite(String photoId, long takenAt, String a, String b, Collector<LinkFact> out) {
        if (!a.equals(b)) {
            out.collect(LinkFact.union(photoId, takenAt, a, b));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LinkFact> out) {
        homeLabel.clear();
        waitingTouches.clear();
    }
}
