package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.PhotoWrite;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PhotoLabelerTest {

    private final ClusteringConfig config = ClusteringConfig.defaults();

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void keepsTheIdWithTheEarliestFirstPhotoWhateverOrderDecisionsArriveIn(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LabelFact, PhotoWrite> h =
                Harnesses.open(new PhotoLabeler(config), f -> f.label, backend);
        h.processElement(LabelFact.assign("p1", "L", "E5", 5_000, "e5", 400_000), 1);
        // The border merge's decision (an earlier first photo) overtakes the region's next one.
        h.processElement(LabelFact.relabel("L", "E1", 1_000, "e1", 400_000), 2);
        h.processElement(LabelFact.assign("p2", "L", "E5", 5_000, "e5", 410_000), 3);
        h.processElement(LabelFact.relabel("L", "E5", 5_000, "e5", 410_000), 4); // stale: dropped
        h.processElement(LabelFact.relabel("L", "E1", 1_000, "e1", 410_000), 5); // said twice: written once
        assertThat(Harnesses.drain(h)).extracting(w -> w.kind, w -> w.photoId, w -> w.eventId).containsExactly(
                tuple(PhotoWrite.Kind.PHOTO, "p1", "E5"),
                tuple(PhotoWrite.Kind.LABEL, null, "E1"),
                tuple(PhotoWrite.Kind.PHOTO, "p2", "E1"));
        h.processWatermark(config.onSweepGrid(410_000));
        assertThat(Harnesses.keysWithState(h, "current")).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void keepsOneTimerWhileTheExpiryMovesAndForgetsTheLabelAtItsLastSweep(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LabelFact, PhotoWrite> h =
                Harnesses.open(new PhotoLabeler(config), f -> f.label, backend);
        long first = 400_000;
        long later = first + 3 * ClusteringConfig.SWEEP_GRANULARITY_MS; // three sweeps further on
        h.processElement(LabelFact.assign("p1", "L", "E1", 1_000, "e1", first), 1);
        h.processElement(LabelFact.assign("p2", "L", "E1", 1_000, "e1", later), 2);
        assertThat(h.numEventTimeTimers()).isOne();

        h.processWatermark(config.onSweepGrid(first)); // the first timer finds the expiry moved: set again
        h.prepareSnapshotPreBarrier(1); // on RocksDB the decision is kept in memory until a barrier
        assertThat(Harnesses.keysWithState(h, "current")).isOne();
        assertThat(h.numEventTimeTimers()).isOne();
        h.processElement(LabelFact.assign("p3", "L", "E1", 1_000, "e1", later), 3);
        assertThat(Harnesses.drain(h)).extracting(w -> w.photoId, w -> w.eventId)
                .containsExactly(tuple("p1", "E1"), tuple("p2", "E1"), tuple("p3", "E1"));

        h.processWatermark(config.onSweepGrid(later) - 1);
        assertThat(Harnesses.keysWithState(h, "current")).isOne();
        h.processWatermark(config.onSweepGrid(later));
        assertThat(Harnesses.keysWithState(h, "current")).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void onRocksDbDecisionsReachStateAtTheBarrierAndRestoreFromIt() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LabelFact, PhotoWrite> before =
                Harnesses.open(new PhotoLabeler(config), f -> f.label, Harnesses.Backend.ROCKSDB);
        before.processElement(LabelFact.assign("p1", "L", "E5", 5_000, "e5", 400_000), 1);
        before.processElement(LabelFact.relabel("L", "E1", 1_000, "e1", 400_000), 2);
        assertThat(Harnesses.keysWithState(before, "current")).isZero(); // in memory until the barrier
        OperatorSubtaskState snapshot = Harnesses.snapshot(before, 1);
        before.close();

        KeyedOneInputStreamOperatorTestHarness<String, LabelFact, PhotoWrite> after = Harnesses.restore(
                new PhotoLabeler(config), f -> f.label, Harnesses.Backend.ROCKSDB, snapshot);
        after.processElement(LabelFact.assign("p2", "L", "E5", 5_000, "e5", 400_000), 3);
        assertThat(Harnesses.drain(after)).extracting(w -> w.photoId, w -> w.eventId).containsExactly(tuple("p2", "E1"));
        after.processWatermark(config.onSweepGrid(400_000));
        assertThat(Harnesses.keysWithState(after, "current")).isZero();
        assertThat(after.numEventTimeTimers()).isZero();
        after.close();
    }
}
