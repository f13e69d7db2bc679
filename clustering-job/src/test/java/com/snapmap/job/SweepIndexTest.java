package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SweepIndexTest {

    private static final long SWEEP = 600_000L;
    private static final String[] STATES = {"due", "due-sweeps"};

    /**
     * One operation per record: "key add sweep id", "key take sweep" (emits the ids taken) or, with
     * write-behind, "key write-back" (of a single key's index: the backend is at that key).
     */
    static final class Ops extends KeyedProcessFunction<String, String, String> {
        private final boolean writeBehind;
        private transient WriteBehindCache<String[]> chunks;
        private transient SweepIndex index;

        Ops() {
            this(false);
        }

        Ops(boolean writeBehind) {
            this.writeBehind = writeBehind;
        }

        @Override
        public void open(OpenContext openContext) {
            chunks = new WriteBehindCache<>(EntryStore.of(getRuntimeContext().getMapState(
                    new MapStateDescriptor<>("due", Types.STRING, Types.OBJECT_ARRAY(Types.STRING)))),
                    WriteBehindCache.CAPACITY);
            if (writeBehind) {
                chunks.enable();
            }
            index = new SweepIndex(chunks, getRuntimeContext().getState(new ValueStateDescriptor<>("due-sweeps", Types.INT)));
        }

        @Override
        public void processElement(String op, Context ctx, Collector<String> out) throws Exception {
            String[] f = op.split(" ");
            chunks.at(f[0]);
            if (f[1].equals("add")) {
                index.add(f[0], Long.parseLong(f[2]), f[3]);
            } else if (f[1].equals("write-back")) {
                chunks.writeBack(key -> { });
            } else {
                index.take(f[0], Long.parseLong(f[2])).forEach(out::collect);
            }
        }
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add("id" + i);
        }
        return ids;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> restored(
            KeyedOneInputStreamOperatorTestHarness<String, String, String> before, Harnesses.Backend backend)
            throws Exception {
        OperatorSubtaskState snapshot = Harnesses.snapshot(before, 1);
        before.close();
        return Harnesses.restore(new Ops(), op -> op.split(" ")[0], backend, snapshot);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aRestoredSweepIsCountedFromItsChunksAndKeepsGrowingInOrder(Harnesses.Backend backend) throws Exception {
        for (int n : new int[] {5, SweepIndex.CHUNK, 2 * SweepIndex.CHUNK + 3}) {
            KeyedOneInputStreamOperatorTestHarness<String, String, String> h =
                    Harnesses.open(new Ops(), op -> op.split(" ")[0], backend);
            for (int i = 0; i < n; i++) {
                h.processElement("r add " + SWEEP + " id" + i, 0);
            }
            h = restored(h, backend);
            h.processElement("r add " + SWEEP + " id" + n, 0);
            h = restored(h, backend); // twice: what the first restore added is counted too
            h.processElement("r add " + SWEEP + " id" + (n + 1), 0);
            h.processElement("r take " + SWEEP, 0);
            assertThat(Harnesses.drain(h)).as("%d ids before the restores", n).isEqualTo(ids(0, n + 2));
            assertThat(Harnesses.keysWithState(h, STATES)).isZero();
            h.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void sweepsOfOneKeyAreTakenApartAndAnEmptySweepGivesNothing(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, String, String> h =
                Harnesses.open(new Ops(), op -> op.split(" ")[0], backend);
        h.processElement("r add " + SWEEP + " a", 0);
        h.processElement("r add " + 2 * SWEEP + " b", 0);
        h.processElement("s add " + SWEEP + " c", 0);
        h.processElement("r take " + 3 * SWEEP, 0);
        assertThat(Harnesses.drain(h)).isEmpty();
        h.processElement("r take " + 2 * SWEEP, 0);
        assertThat(Harnesses.drain(h)).containsExactly("b");
        h = restored(h, backend);
        h.processElement("r take " + SWEEP, 0);
        h.processElement("s take " + SWEEP, 0);
        assertThat(Harnesses.drain(h)).containsExactly("a", "c");
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void writtenBehindChunksAreTakenFromMemoryAndReachStateAtTheWriteBack(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, String, String> h =
                Harnesses.open(new Ops(true), op -> op.split(" ")[0], backend);
        for (int i = 0; i < 20; i++) {
            h.processElement("k add " + SWEEP + " id" + i, 1);
        }
        assertThat(Harnesses.keysWithState(h, "due")).isZero(); // two chunks, in memory
        h.processElement("k write-back", 1);
        assertThat(Harnesses.keysWithState(h, "due")).isOne();
        for (int i = 20; i < 40; i++) { // the second chunk, written, fills up in memory
            h.processElement("k add " + SWEEP + " id" + i, 1);
        }
        h.processElement("k take " + SWEEP, 1);
        assertThat(Harnesses.drain(h)).containsExactlyElementsOf(ids(0, 40));
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.close();
    }
}
