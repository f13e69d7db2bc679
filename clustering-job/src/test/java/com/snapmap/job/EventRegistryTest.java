package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.snapmap.core.cluster.EventIds;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventRegistryTest {

    private static final String[] STATES =
            {"parent", "roots", "members", "halo-homes", "due", "due-sweeps"};

    private final ClusteringConfig config = ClusteringConfig.defaults();

    private static LinkFact assign(String photo, long t, String label, int halos) {
        return LinkFact.assign(new CellPhoto("r1", true, "r1", halos, photo, t, 1, 1), label);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> open(Harnesses.Backend backend)
            throws Exception {
        return Harnesses.open(new EventRegistry(config), f -> f.route, backend);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void answersAtOnceRenamesOnAnEarlierPhotoAndCoalescesDocuments(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        String b1 = EventIds.forFirstPhoto("b1");
        String a0 = EventIds.forFirstPhoto("a0");
        h.processElement(assign("b1", 2_000, "B", 0), 2_000);
        h.processElement(assign("b2", 3_000, "B", 0), 3_000);
        assertThat(Harnesses.drain(h)).extracting(f -> f.kind, f -> f.photoId, f -> f.eventId)
                .containsExactly(tuple(LabelFact.Kind.ASSIGN, "b1", b1), tuple(LabelFact.Kind.ASSIGN, "b2", b1));
        assertThat(Harnesses.events(h)).isEmpty(); // the document waits for the flush

        // Out of order: an earlier photo joins; the provisional id becomes a tombstone.
        h.processElement(assign("a0", 1_000, "B", 0), 1_000);
        assertThat(Harnesses.drain(h)).extracting(f -> f.kind, f -> f.label, f -> f.eventId)
                .containsExactly(tuple(LabelFact.Kind.RELABEL, "B", a0), tuple(LabelFact.Kind.ASSIGN, "B", a0));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.mergedInto)
                .containsExactly(tuple(b1, a0));

        h.setProcessingTime(config.flushIntervalMillis());
        List<EventDocument> docs = Harnesses.events(h);
        assertThat(docs).extracting(d -> d.eventId, d -> d.photoCount, d -> d.version, d -> d.status)
                .containsExactly(tuple(a0, 3L, 3L, "open"));
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void mergesClosesAndForgetsEverything(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        h.processElement(assign("a1", 1_000, "A", 0), 1_000);
        h.processElement(assign("b1", 2_000, "B", 0), 2_000);
        h.processElement(assign("m", 2_500, "A", 0), 2_500);
        Harnesses.drain(h);
        h.processElement(LinkFact.union("r1", "m", 2_500, "A", "B"), 2_500);
        String a1 = EventIds.forFirstPhoto("a1");
        assertThat(Harnesses.drain(h)).extracting(f -> f.kind, f -> f.label, f -> f.eventId)
                .containsExactly(tuple(LabelFact.Kind.RELABEL, "B", a1));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.mergedInto)
                .containsExactly(tuple(EventIds.forFirstPhoto("b1"), a1));

        h.processWatermark(config.sweepAt(2_500));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.version, d -> d.status)
                .containsExactly(tuple(a1, 3L, 4L, "closed"));
        h.setProcessingTime(Long.MAX_VALUE);
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
        h.close();
    }

    /** Border facts of every tier's side output, and clears them. */
    private static List<BorderFact> border(KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h) {
        List<BorderFact> all = new ArrayList<>();
        for (int t = 0; t < BorderTiers.COUNT; t++) {
            all.addAll(Harnesses.side(h, BorderTiers.tag(t)));
            if (h.getSideOutput(BorderTiers.tag(t)) != null) {
                h.getSideOutput(BorderTiers.tag(t)).clear();
            }
        }
        return all;
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aTouchMeetsThePhotosOwnLabelAndHandsTheClusterToTheBorderMergeOfTheSharedPrefix(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        // Two regions of one 5-character prefix: the crossing goes to tier 0, node "u05kq".
        CellPhoto halo = new CellPhoto("u05kq4", false, "u05kq1", 1, "h", 1_000, 1, 1);
        // The touch from the neighbouring region overtakes the photo's own ASSIGN: it waits.
        h.processElement(LinkFact.touch(LinkFact.Kind.TOUCH_HOME, "u05kq1", halo, "u05kq4/x", 1_000), 1_000);
        assertThat(border(h)).isEmpty();
        h.processElement(LinkFact.assign(new CellPhoto("u05kq1", true, "u05kq1", 1, "h", 1_000, 1, 1), "u05kq1/h"),
                1_000);
        List<BorderFact> border = border(h);
        assertThat(border).extracting(f -> f.kind, f -> f.label, f -> f.partId, f -> f.node, f -> f.tiers)
                .containsExactly(
                        tuple(BorderFact.Kind.PART, "u05kq1/h", EventIds.forFirstPhoto("h"), "u05kq", BorderTiers.bit(0)),
                        tuple(BorderFact.Kind.EDGE, "u05kq1/h", null, "u05kq", BorderTiers.bit(0)));
        assertThat(border.get(1).otherLabel).isEqualTo("u05kq4/x");
        // The border merge owns its documents now: the flush sends a part, not a document.
        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).isEmpty();
        h.processWatermark(config.sweepAt(1_000));
        assertThat(Harnesses.events(h)).isEmpty();
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void eachNewTierSendsThePartAtOnceAlwaysToTheRegionsFirstTierNode(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        h.processElement(LinkFact.assign(new CellPhoto("u05kq1", true, "u05kq1", 0, "p", 1_000, 1, 1), "u05kq1/p"),
                1_000);
        // Photos of other regions touch the cluster: first one of another 5-character prefix
        // (tier 1), then one of the same (tier 0).
        h.processElement(LinkFact.touch(LinkFact.Kind.TOUCH_AWAY, "u05kq1",
                new CellPhoto("u05kq1", false, "u05km9", 1, "far", 1_500, 1, 1), "u05kq1/p", 1_500), 1_500);
        assertThat(border(h)).extracting(f -> f.kind, f -> f.node, f -> f.tiers)
                .containsExactly(tuple(BorderFact.Kind.PART, "u05kq", BorderTiers.bit(1)));
        h.processElement(LinkFact.touch(LinkFact.Kind.TOUCH_AWAY, "u05kq1",
                new CellPhoto("u05kq1", false, "u05kq3", 1, "near", 1_600, 1, 1), "u05kq1/p", 1_600), 1_600);
        assertThat(border(h)).extracting(f -> f.kind, f -> f.node, f -> f.tiers)
                .containsExactly(tuple(BorderFact.Kind.PART, "u05kq", BorderTiers.bit(0) | BorderTiers.bit(1)));
        // A touch of a tier it has already changes nothing.
        h.processElement(LinkFact.touch(LinkFact.Kind.TOUCH_AWAY, "u05kq1",
                new CellPhoto("u05kq1", false, "u05kq3", 1, "near2", 1_700, 1, 1), "u05kq1/p", 1_700), 1_700);
        assertThat(border(h)).isEmpty();
        h.close();
    }
    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aBorderClustersPartsNameEachLabelOnceAndTheLabelsOfAClusterItAbsorbs(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        h.processElement(LinkFact.assign(new CellPhoto("u05kq1", true, "u05kq1", 0, "p", 1_000, 1, 1), "u05kq1/p"),
                1_000);
        h.processElement(LinkFact.touch(LinkFact.Kind.TOUCH_AWAY, "u05kq1",
                new CellPhoto("u05kq1", false, "u05kq3", 1, "near", 1_100, 1, 1), "u05kq1/p", 1_100), 1_100);
        assertThat(border(h)).flatExtracting(f -> List.of(f.members)).containsExactly("u05kq1/p");
        // A new photo of the cluster: its part at the flush names no label.
        h.processElement(LinkFact.assign(new CellPhoto("u05kq1", true, "u05kq1", 0, "p2", 1_200, 1, 1), "u05kq1/p"),
                1_200);
        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(border(h)).extracting(f -> f.summary.count, f -> f.members.length).containsExactly(tuple(2L, 0));
        // Another cluster of the region joins it: the part names that cluster's labels.
        h.processElement(LinkFact.assign(new CellPhoto("u05kq1", true, "u05kq1", 0, "q", 1_300, 1, 1), "u05kq1/q"),
                1_300);
        h.processElement(LinkFact.union("u05kq1", "q", 1_300, "u05kq1/p", "u05kq1/q"), 1_300);
        assertThat(border(h)).extracting(f -> f.summary.count, f -> List.of(f.members))
                .containsExactly(tuple(3L, List.of("u05kq1/q")));
        h.processWatermark(config.sweepAt(1_300));
        assertThat(border(h)).extracting(f -> f.members.length).containsExactly(0); // its last part
        h.setProcessingTime(Long.MAX_VALUE);
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aClusterOfManyLabelsRelabelsEachOnceWhenItsIdMovesAndLeavesNoLabelBehind(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // across chunk boundaries, joined one by one
            String label = "L" + i;
            labels.add(label);
            h.processElement(assign("p" + i, 2_000 + i, label, 0), 2_000 + i);
            if (i > 0) {
                h.processElement(LinkFact.union("r1", "p" + i, 2_000 + i, "L0", label), 2_000 + i);
            }
        }
        Harnesses.drain(h);
        // An earlier photo renames the event: every label follows, each once.
        h.processElement(assign("first", 1_000, "L7", 0), 1_000);
        String first = EventIds.forFirstPhoto("first");
        assertThat(Harnesses.drain(h)).filteredOn(f -> f.kind == LabelFact.Kind.RELABEL)
                .extracting(f -> f.label, f -> f.eventId)
                .containsExactlyInAnyOrderElementsOf(labels.stream().map(l -> tuple(l, first)).toList());
        h.processWatermark(config.sweepAt(2_040));
        assertThat(Harnesses.events(h)).filteredOn(d -> "closed".equals(d.status))
                .extracting(d -> d.eventId, d -> d.photoCount).containsExactly(tuple(first, 41L));
        h.setProcessingTime(Long.MAX_VALUE);
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aLonePhotosRootKeepsNeitherAParentNorAMembersEntryUntilItJoinsAnother(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        h.processElement(assign("a1", 1_000, "A", 0), 1_000);
        h.processElement(assign("b1", 2_000, "B", 0), 2_000);
        h.prepareSnapshotPreBarrier(1); // on RocksDB roots are cached until a barrier
        assertThat(Harnesses.keysWithState(h, "roots")).isEqualTo(1);
        assertThat(Harnesses.keysWithState(h, "parent", "members")).isZero();
        h.processElement(LinkFact.union("r1", "b1", 2_000, "A", "B"), 2_000);
        assertThat(Harnesses.keysWithState(h, "parent")).isEqualTo(1);
        assertThat(Harnesses.keysWithState(h, "members")).isEqualTo(1);
        h.processWatermark(config.sweepAt(2_000));
        assertThat(Harnesses.events(h)).filteredOn(d -> "closed".equals(d.status))
                .extracting(d -> d.eventId, d -> d.photoCount)
                .containsExactly(tuple(EventIds.forFirstPhoto("a1"), 2L));
        h.setProcessingTime(Long.MAX_VALUE);
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aTouchWaitingAtASnapshotMeetsThePhotosOwnLabelAfterTheRestore(Harnesses.Backend backend) throws Exception {
        CellPhoto halo = new CellPhoto("u05kq4", false, "u05kq1", 1, "h", 1_000, 1, 1);
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> before = open(backend);
        before.processElement(LinkFact.touch(LinkFact.Kind.TOUCH_HOME, "u05kq1", halo, "u05kq4/x", 1_000), 1_000);
        OperatorSubtaskState snapshot = Harnesses.snapshot(before, 1); // the waiting touch goes with it
        before.close();

        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h =
                Harnesses.restore(new EventRegistry(config), f -> f.route, backend, snapshot);
        h.processElement(LinkFact.assign(new CellPhoto("u05kq1", true, "u05kq1", 1, "h", 1_000, 1, 1), "u05kq1/h"),
                1_000);
        assertThat(border(h)).filteredOn(f -> f.kind == BorderFact.Kind.EDGE)
                .extracting(f -> f.label, f -> f.otherLabel).containsExactly(tuple("u05kq1/h", "u05kq4/x"));
        h.processWatermark(config.sweepAt(1_000));
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aFlushAndASweepPendingAtASnapshotGoOutAfterTheRestoreWithWhatCameSince(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> before = open(backend);
        before.processElement(assign("a1", 1_000, "A", 0), 1_000);
        OperatorSubtaskState snapshot = Harnesses.snapshot(before, 1);
        before.close();

        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h =
                Harnesses.restore(new EventRegistry(config), f -> f.route, backend, snapshot);
        h.processElement(assign("a2", 1_500, "A", 0), 1_500); // marked again after the restore
        h.processElement(assign("c1", 1_200, "C", 0), 1_200); // same sweep as a1, indexed after the restore
        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount)
                .containsExactlyInAnyOrder(tuple(EventIds.forFirstPhoto("a1"), 2L), tuple(EventIds.forFirstPhoto("c1"), 1L));
        h.processWatermark(config.sweepAt(1_500));
        assertThat(Harnesses.events(h)).filteredOn(d -> "closed".equals(d.status))
                .extracting(d -> d.eventId)
                .containsExactlyInAnyOrder(EventIds.forFirstPhoto("a1"), EventIds.forFirstPhoto("c1"));
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void changesMarkedAtASnapshotGoOutAfterARescaleFromTheTaskThatOwnsTheirRegion(Harnesses.Backend backend)
            throws Exception {
        int maxParallelism = 128;
        List<String> regions = List.of("u05kq1", "u05kq2", "u05kq3", "u05kq4", "u05kq5", "u05kq6");
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> before = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new EventRegistry(config)), f -> f.route, Types.STRING, maxParallelism, 1, 0);
        if (backend == Harnesses.Backend.ROCKSDB) {
            before.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        before.open();
        for (String region : regions) {
            before.processElement(LinkFact.assign(new CellPhoto(region, true, region, 0, "p-" + region, 1_000, 1, 1),
                    "L-" + region), 1_000);
        }
        OperatorSubtaskState snapshot = Harnesses.snapshot(before, 1); // before any flush: every event is marked
        before.close();

        Set<String> seen = new HashSet<>();
        for (int index = 0; index < 2; index++) {
            KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h =
                    Harnesses.rescaled(new EventRegistry(config), f -> f.route, backend, snapshot, maxParallelism, 2, index);
            KeyGroupRange own = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, 2, index);
            List<String> owned = regions.stream()
                    .filter(r -> own.contains(KeyGroupRangeAssignment.assignToKeyGroup(r, maxParallelism)))
                    .map(r -> EventIds.forFirstPhoto("p-" + r)).toList();
            h.setProcessingTime(config.flushIntervalMillis());
            List<String> emitted = Harnesses.events(h).stream().map(d -> d.eventId).toList();
            assertThat(emitted).as("subtask %d", index).containsExactlyInAnyOrderElementsOf(owned);
            assertThat(h.numProcessingTimeTimers()).isZero();
            seen.addAll(emitted);
            h.close();
        }
        assertThat(seen).hasSize(regions.size());
    }

    @Test
    void onRocksDbAFullCacheWritesItsRootsBackWithoutWaitingForABarrier() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h =
                Harnesses.open(new EventRegistry(config, 3), f -> f.route, Harnesses.Backend.ROCKSDB);
        h.processElement(assign("a1", 1_000, "r1/a1", 0), 1_000);
        h.processElement(LinkFact.assign(new CellPhoto("r2", true, "r2", 0, "b1", 1_000, 1, 1), "r2/b1"), 1_000);
        h.processElement(assign("a2", 2_000, "r1/a1", 0), 2_000);
        h.processElement(assign("c1", 2_000, "r1/c1", 0), 2_000);
        assertThat(Harnesses.keysWithState(h, "roots")).isZero(); // three roots cached: none written yet

        h.processElement(LinkFact.assign(new CellPhoto("r2", true, "r2", 0, "b2", 2_000, 1, 1), "r2/b2"), 2_000);
        assertThat(Harnesses.keysWithState(h, "roots")).isEqualTo(2); // a fourth: both regions written back

        // Emptied, the cache reads the roots back: a1's event goes on where it was.
        h.processElement(assign("a3", 3_000, "r1/a1", 0), 3_000);
        assertThat(Harnesses.drain(h)).filteredOn(f -> f.photoId.startsWith("a"))
                .extracting(f -> f.photoId, f -> f.eventId)
                .containsExactly(tuple("a1", EventIds.forFirstPhoto("a1")), tuple("a2", EventIds.forFirstPhoto("a1")),
                        tuple("a3", EventIds.forFirstPhoto("a1")));
        h.processWatermark(config.sweepAt(3_000));
        assertThat(Harnesses.events(h)).filteredOn(d -> "closed".equals(d.status))
                .extracting(d -> d.eventId, d -> d.photoCount)
                .containsExactlyInAnyOrder(tuple(EventIds.forFirstPhoto("a1"), 3L), tuple(EventIds.forFirstPhoto("b1"), 1L),
                        tuple(EventIds.forFirstPhoto("b2"), 1L), tuple(EventIds.forFirstPhoto("c1"), 1L));
        h.setProcessingTime(Long.MAX_VALUE);
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    /** The erasure of photo {@code photo} of {@code label}, as the linker sends it. */
    private static LinkFact erase(String photo, long t, String label) {
        return LinkFact.erase(CellPhoto.erasure("r1", photo, t, 1, 1), label);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void anErasureLowersTheOpenEventsPhotoCountAtOnceNeverItsVersionAndSurvivesARestore(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        String a1 = EventIds.forFirstPhoto("a1");
        h.processElement(assign("a1", 1_000, "A", 0), 1_000);
        h.processElement(assign("a2", 2_000, "A", 0), 2_000);
        h.processElement(assign("a3", 3_000, "A", 0), 3_000);
        h.setProcessingTime(config.flushIntervalMillis());
        Harnesses.events(h);

        h.processElement(erase("a2", 2_000, "A"), 3_000);
        h.processElement(erase("a2", 2_000, "A"), 3_000); // delivered twice
        h.setProcessingTime(2 * config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.version, d -> d.status)
                .containsExactly(tuple(a1, 2L, 4L, "open")); // the erasure raises the version

        var snapshot = Harnesses.snapshot(h, 1);
        h.close();
        h = Harnesses.restore(new EventRegistry(config), f -> f.route, backend, snapshot);
        h.processElement(assign("a4", 3_500, "A", 0), 3_500);
        h.processWatermark(config.sweepAt(3_500));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.version, d -> d.status)
                .containsExactly(tuple(a1, 3L, 6L, "closed"));
        h.close();
    }
}
