package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.snapmap.core.geo.Haversine;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.LinkFact;
import com.snapmap.job.model.LinkFact.Kind;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CellLinkerTest {

    private final ClusteringConfig config = ClusteringConfig.defaults();

    private static CellPhoto home(String id, long t, double lat, double lon) {
        return new CellPhoto("r1", true, "r1", 1, id, t, lat, lon);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> open(Harnesses.Backend backend)
            throws Exception {
        return Harnesses.open(new CellLinker(config), p -> p.cell, backend);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void linksEachPhotoAtOnceWithoutWaitingForTheWatermark(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h = open(backend);
        double[] near = Haversine.destination(10, 10, 30, 90);
        double[] farther = Haversine.destination(10, 10, 60, 90); // 30 m from "near", 60 m from "a"
        h.processElement(home("b", 2_000, farther[0], farther[1]), 2_000);
        h.processElement(home("a", 1_000, 10, 10), 1_000);
        assertThat(Harnesses.drain(h)).extracting(f -> f.kind, f -> f.photoId, f -> f.label)
                .containsExactly(tuple(Kind.ASSIGN, "b", "r1/b"), tuple(Kind.ASSIGN, "a", "r1/a"));

        // A photo between them joins the smaller label and bridges the other.
        h.processElement(home("m", 1_500, near[0], near[1]), 1_500);
        assertThat(Harnesses.drain(h)).extracting(f -> f.kind, f -> f.label, f -> f.otherLabel)
                .containsExactly(tuple(Kind.ASSIGN, "r1/a", null), tuple(Kind.UNION, "r1/a", "r1/b"));
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aHaloCopyTouchesBothRegionsAndNeverJoins(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h = open(backend);
        h.processElement(home("x", 1_000, 5, 5), 1_000);
        h.processElement(new CellPhoto("r1", false, "r0", 2, "h", 1_100, 5, 5), 1_100);
        List<LinkFact> out = Harnesses.drain(h);
        assertThat(out).extracting(f -> f.kind, f -> f.photoId, f -> f.label, f -> f.route).containsExactly(
                tuple(Kind.ASSIGN, "x", "r1/x", "r1"),
                tuple(Kind.TOUCH_HOME, "h", "r1/x", "r0"),
                tuple(Kind.TOUCH_AWAY, "h", "r1/x", "r1"));
        assertThat(out.get(0).hasHalo).isTrue();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aSecondDeliveryOfAPhotoIsDropped(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h = open(backend);
        h.processElement(home("a", 1_000, 5, 5), 1_000);
        h.processElement(home("a", 1_000, 5, 5), 1_000);
        assertThat(Harnesses.drain(h)).hasSize(1);
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void forgetsEveryPhotoOnceTheWatermarkPassesItsHorizonWithCoalescedTimers(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h = open(backend);
        for (int i = 0; i < 50; i++) { // 50 distinct milliseconds, one timer
            h.processElement(home("p" + i, 1_000 + i, 5, 5), 1_000 + i);
        }
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        h.processWatermark(config.sweepAt(1_049) - 1);
        Harnesses.snapshot(h, 1); // the filling chunk goes to state before the barrier
        assertThat(Harnesses.keysWithState(h, STATES)).isEqualTo(1);
        h.processWatermark(config.sweepAt(1_049));
        assertForgotten(h);
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aFullChunkIsWrittenWithoutWaitingForABarrier(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h = open(backend);
        for (int i = 0; i < PhotoChunks.CHUNK - 1; i++) {
            h.processElement(home("p" + i, 1_000 + i, 5, 5), 1_000 + i);
        }
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.processElement(home("last", 2_000, 5, 5), 2_000);
        assertThat(Harnesses.keysWithState(h, STATES)).isEqualTo(1);
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void theIndexIsRebuiltFromStateAfterARestore(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h = open(backend);
        for (int i = 0; i < PhotoChunks.CHUNK + 1; i++) { // a chunk written when full, one at the barrier
            h.processElement(home("p" + i, 1_000 + i, 5, 5), 1_000 + i);
        }
        OperatorSubtaskState snapshot = Harnesses.snapshot(h, 1);
        h.close();

        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> restored =
                Harnesses.restore(new CellLinker(config), p -> p.cell, backend, snapshot);
        restored.processElement(home("p0", 1_000, 5, 5), 1_000); // still known: duplicates
        restored.processElement(home("p" + PhotoChunks.CHUNK, 1_000, 5, 5), 1_000);
        restored.processElement(home("b", 1_100, 5, 5), 1_100);
        assertOnlyAssigned(restored, "b", "r1/p0");
        restored.processWatermark(config.sweepAt(2_000));
        assertForgotten(restored);
        restored.close();
    }

    private static final String[] STATES = {"photo-chunks"};

    /** The harness's output is the ASSIGN of one photo to {@code label}, nothing else (duplicates dropped). */
    private static void assertOnlyAssigned(KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h,
            String photoId, String label) {
        assertThat(Harnesses.drain(h)).extracting(f -> f.kind, f -> f.photoId, f -> f.label)
                .containsExactly(tuple(Kind.ASSIGN, photoId, label));
    }

    /** Neither photo state nor timers are left. */
    private static void assertForgotten(KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h) {
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void anErasureOfAHeldPhotoGoesToTheRegistryWithItsLabelAfterARestoreToo(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h = open(backend);
        double[] near = Haversine.destination(5, 5, 20, 90);
        h.processElement(home("a", 1_000, 5, 5), 1_000);
        h.processElement(home("b", 1_100, near[0], near[1]), 1_100);
        h.processElement(CellPhoto.erasure("r1", "nobody", 1_100, 5, 5), 1_100);
        Harnesses.drain(h);
        OperatorSubtaskState snapshot = Harnesses.snapshot(h, 1);
        h.close();

        h = Harnesses.restore(new CellLinker(config), p -> p.cell, backend, snapshot);
        h.processElement(CellPhoto.erasure("r1", "b", 1_100, near[0], near[1]), 1_200);
        assertThat(Harnesses.drain(h)).extracting(f -> f.kind, f -> f.photoId, f -> f.label, f -> f.route)
                .containsExactly(tuple(Kind.ERASE, "b", "r1/a", "r1"));
        h.close();
    }
}
