package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.LabelFact;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BorderMergeTest {

    private static final String[] STATES =
            {"parent", "parts", "components", "labels", "due", "due-sweeps"};
    private static final int T0 = BorderTiers.bit(0);
    private static final int T1 = BorderTiers.bit(1);

    private final ClusteringConfig config = ClusteringConfig.defaults();

    private static EventSummary photos(String... photosAtSeconds) {
        EventSummary s = new EventSummary();
        for (String p : photosAtSeconds) {
            String[] idAndTime = p.split("@");
            s.add(idAndTime[0], Long.parseLong(idAndTime[1]) * 1_000, 45.0, 4.0);
        }
        return s;
    }

    private static BorderFact part(String node, int tiers, String root, String[] members, String... photosAtSeconds) {
        EventSummary s = photos(photosAtSeconds);
        return BorderFact.part(node, tiers, root, s, s.eventId(), members);
    }

    /** Once the last flush has gone out: no state of any key, no timer; closes the harness. */
    private static void assertNothingLeft(KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h)
            throws Exception {
        h.setProcessingTime(Long.MAX_VALUE);
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    private KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> open(int tier,
            Harnesses.Backend backend) throws Exception {
        return Harnesses.open(new BorderMerge(config, tier), f -> f.node, backend);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void joinsPartsAcrossAnEdgeUnderTheEarliestFirstPhotoTombstonesTheRestAndForgets(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(0, backend);
        h.processElement(part("u05kq", T0, "u05kq1/a", new String[] {"u05kq1/a", "u05kq1/c"}, "a@2", "c@3"), 3_000);
        h.processElement(part("u05kq", T0, "u05kq4/b", new String[] {"u05kq4/b"}, "b@1"), 3_000);
        Harnesses.drain(h);
        Harnesses.events(h);

        h.processElement(BorderFact.edge("u05kq", T0, "u05kq1/c", "u05kq4/b"), 3_000);
        String a = EventIds.forFirstPhoto("a");
        String b = EventIds.forFirstPhoto("b");
        assertThat(Harnesses.drain(h)).extracting(f -> f.label, f -> f.eventId)
                .containsExactlyInAnyOrder(tuple("u05kq1/a", b), tuple("u05kq1/c", b), tuple("u05kq4/b", b));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.mergedInto).containsExactly(tuple(a, b));

        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.status)
                .containsExactly(tuple(b, 3L, "open"));

        // A later part update replaces that part's summary; it does not add to it.
        h.processElement(part("u05kq", T0, "u05kq1/a", new String[] {"u05kq1/a", "u05kq1/c"}, "a@2", "c@3", "d@4"),
                4_000);
        h.processWatermark(config.sweepAt(4_000));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.version, d -> d.status)
                .containsExactly(tuple(b, 4L, 5L, "closed"));
        assertNothingLeft(h);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aComponentWithAnEdgeAboveIsHandedUpWholeAndNeitherRelabelledNorWrittenHere(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(0, backend);
        // Region u05kq1's part also touches a region of another 5-character prefix (tier 1).
        h.processElement(part("u05kq", T0 | T1, "u05kq1/a", new String[] {"u05kq1/a"}, "a@2"), 2_000);
        h.processElement(part("u05kq", T0, "u05kq4/b", new String[] {"u05kq4/b"}, "b@1"), 2_000);
        Harnesses.drain(h); // u05kq4/b alone is this node's to decide, until the edge
        h.processElement(BorderFact.edge("u05kq", T0, "u05kq1/a", "u05kq4/b"), 2_000);

        String a = EventIds.forFirstPhoto("a");
        String b = EventIds.forFirstPhoto("b");
        assertThat(Harnesses.drain(h)).isEmpty(); // the node above relabels
        // Part ids this node saw are tombstoned into the component's id, which the node above
        // tombstones in turn if the whole event has an earlier photo still.
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.mergedInto).containsExactly(tuple(a, b));
        List<BorderFact> up = Harnesses.side(h, BorderTiers.tag(1));
        BorderFact whole = up.get(up.size() - 1);
        assertThat(whole).extracting(f -> f.kind, f -> f.node, f -> f.tiers, f -> f.partId, f -> f.summary.count)
                .containsExactly(BorderFact.Kind.PART, "u05", T1, b, 2L);
        // Each label goes up once: u05kq1/a with the part's first hand-up, u05kq4/b when it joined.
        assertThat(up).flatExtracting(f -> List.of(f.members)).containsExactlyInAnyOrder("u05kq1/a", "u05kq4/b");
        assertThat(whole.members).containsExactly("u05kq4/b");

        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).isEmpty(); // no document of its own
        h.processWatermark(config.sweepAt(2_000));
        assertThat(Harnesses.events(h)).isEmpty(); // nor closed here
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aPartThatComesBackInsideALowerComponentIsCountedOnce(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(1, backend);
        // First the region sent its part straight here (its only edge was of tier 1) ...
        h.processElement(part("u05", T1, "u05kq1/a", new String[] {"u05kq1/a"}, "a@2"), 2_000);
        h.processElement(part("u05", T1, "u05km9/z", new String[] {"u05km9/z"}, "z@5"), 2_000);
        h.processElement(BorderFact.edge("u05", T1, "u05km9/z", "u05kq1/a"), 2_000);
        Harnesses.drain(h);
        // ... then it got a tier-0 edge too, and comes back inside the tier-0 node's component.
        h.processElement(part("u05", T1, "u05kq4/b", new String[] {"u05kq1/a", "u05kq4/b"}, "a@2", "b@1"), 2_000);
        String b = EventIds.forFirstPhoto("b");
        assertThat(Harnesses.drain(h)).extracting(f -> f.label, f -> f.eventId)
                .containsExactlyInAnyOrder(tuple("u05kq1/a", b), tuple("u05km9/z", b), tuple("u05kq4/b", b));
        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).filteredOn(d -> d.mergedInto == null)
                .extracting(d -> d.eventId, d -> d.photoCount).containsExactly(tuple(b, 3L));
        h.processWatermark(config.sweepAt(5_000));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.status)
                .containsExactly(tuple(b, 3L, "closed"));
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void labelsJoiningAHandedUpComponentGoUpAtOnceNotWithTheFlush(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(0, backend);
        h.processElement(part("u05km", T0 | T1, "u05kmn/a", new String[] {"u05kmn/a"}, "a@1"), 2_000);
        h.getSideOutput(BorderTiers.tag(1)).clear();
        // A later cluster joins: same id, same expiry, but the node above may hold u05kmp/b as a
        // part of its own (sent there while it had no tier-0 edge) and would close it too early.
        h.processElement(part("u05km", T0 | T1, "u05kmp/b", new String[] {"u05kmp/b"}, "b@2"), 2_000);
        h.processElement(BorderFact.edge("u05km", T0, "u05kmn/a", "u05kmp/b"), 2_000);
        List<BorderFact> up = Harnesses.side(h, BorderTiers.tag(1));
        assertThat(up).isNotEmpty();
        assertThat(up.get(up.size() - 1).members).containsExactly("u05kmp/b"); // the node above has u05kmn/a
        assertThat(h.numProcessingTimeTimers()).isZero(); // nothing left for the flush
        h.close();
    }
    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aPartThatNamesOnlyItsNewLabelsStillHasEveryLabelRelabelledWhenTheIdMoves(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(0, backend);
        h.processElement(part("u05kq", T0, "u05kq1/a", new String[] {"u05kq1/a", "u05kq1/c"}, "a@2", "c@3"), 3_000);
        h.processElement(part("u05kq", T0, "u05kq1/a", new String[0], "a@2", "c@3", "d@4"), 4_000);
        h.processElement(part("u05kq", T0, "u05kq1/a", new String[] {"u05kq1/e"}, "a@2", "c@3", "d@4", "e@5"), 5_000);
        // The region's part meets one over the border with an earlier photo: the id moves.
        h.processElement(part("u05kq", T0, "u05kq4/b", new String[] {"u05kq4/b"}, "b@1"), 5_000);
        Harnesses.drain(h);
        h.processElement(BorderFact.edge("u05kq", T0, "u05kq1/e", "u05kq4/b"), 5_000);
        String b = EventIds.forFirstPhoto("b");
        assertThat(Harnesses.drain(h)).filteredOn(f -> b.equals(f.eventId)).extracting(f -> f.label)
                .containsExactlyInAnyOrder("u05kq1/a", "u05kq1/c", "u05kq1/e", "u05kq4/b");
        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).filteredOn(d -> d.mergedInto == null)
                .extracting(d -> d.eventId, d -> d.photoCount).containsExactly(tuple(b, 5L));
        h.processWatermark(config.sweepAt(5_000));
        assertNothingLeft(h);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aComponentWhoseNextEdgesAreAtTheRootStillGoesUpThroughTheNextTier(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(0, backend);
        int root = BorderTiers.bit(BorderTiers.ROOT);
        h.processElement(part("u05kq", T0 | root, "u05kq1/a", new String[] {"u05kq1/a"}, "a@1"), 2_000);
        assertThat(Harnesses.side(h, BorderTiers.tag(BorderTiers.ROOT))).isEmpty();
        assertThat(Harnesses.side(h, BorderTiers.tag(1))).extracting(f -> f.node, f -> f.tiers)
                .containsExactly(tuple("u05", root));
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aSweepClosesTheComponentsDueAtItAndKeepsTheLaterOnes(Harnesses.Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(0, backend);
        h.processElement(part("u05kq", T0, "u05kq1/a", new String[] {"u05kq1/a"}, "a@2"), 2_000);
        h.processElement(part("u05kq", T0, "u05kq4/x", new String[] {"u05kq4/x"}, "x@1200"), 1_200_000);
        Harnesses.drain(h);
        Harnesses.events(h);
        h.processWatermark(config.sweepAt(2_000));
        assertThat(Harnesses.events(h)).filteredOn(d -> "closed".equals(d.status)).extracting(d -> d.eventId)
                .containsExactly(EventIds.forFirstPhoto("a"));
        h.processWatermark(config.sweepAt(1_200_000));
        assertThat(Harnesses.events(h)).filteredOn(d -> "closed".equals(d.status)).extracting(d -> d.eventId)
                .containsExactly(EventIds.forFirstPhoto("x"));
        assertNothingLeft(h);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void anEdgeWhosePartsComeLaterWaitsForThemThroughASweepThenClosesAtTheirs(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(0, backend);
        h.processElement(part("u05kq", T0, "u05kq1/a", new String[] {"u05kq1/a"}, "a@2"), 2_000);
        h.processElement(BorderFact.edge("u05kq", T0, "u05kq2/y", "u05kq3/z"), 2_000);
        h.processWatermark(config.sweepAt(2_000)); // closes a; the edge has no summary yet
        h.processElement(part("u05kq", T0, "u05kq2/y", new String[] {"u05kq2/y"}, "y@1200"), 1_200_000);
        h.processElement(part("u05kq", T0, "u05kq3/z", new String[] {"u05kq3/z"}, "z@1201"), 1_200_000);
        Harnesses.drain(h);
        Harnesses.events(h);
        h.processWatermark(config.sweepAt(1_201_000));
        assertThat(Harnesses.events(h)).filteredOn(d -> "closed".equals(d.status))
                .extracting(d -> d.eventId, d -> d.photoCount).containsExactly(tuple(EventIds.forFirstPhoto("y"), 2L));
        assertNothingLeft(h);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aPartsErasedPhotosLeaveTheWholeEventsCountAfterARestoreTooAndItsVersionStillRises(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h = open(0, backend);
        BorderFact first = part("u05kq", T0, "u05kq1/a", new String[] {"u05kq1/a"}, "a@2", "c@3");
        first.erased = new String[] {"c"};
        h.processElement(first, 3_000);
        h.processElement(part("u05kq", T0, "u05kq4/b", new String[] {"u05kq4/b"}, "b@1"), 3_000);
        h.processElement(BorderFact.edge("u05kq", T0, "u05kq1/a", "u05kq4/b"), 3_000);
        h.setProcessingTime(config.flushIntervalMillis());
        String b = EventIds.forFirstPhoto("b");
        assertThat(Harnesses.events(h)).filteredOn(d -> !d.isTombstone())
                .extracting(d -> d.eventId, d -> d.photoCount, d -> d.version).containsExactly(tuple(b, 2L, 4L));

        var snapshot = Harnesses.snapshot(h, 1);
        h.close();
        h = Harnesses.restore(new BorderMerge(config, 0), f -> f.node, backend, snapshot);
        h.processWatermark(Long.MAX_VALUE - 1);
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.version, d -> d.status)
                .containsExactly(tuple(b, 2L, 5L, "closed"));
        h.close();
    }
}
