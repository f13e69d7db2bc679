package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.snapmap.core.cluster.EventIds;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventRegistryTest {

    private static final String[] STATES = {"parent", "roots", "members", "dirty", "halo-homes", "flush-at"};

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

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void aTouchMeetsThePhotosOwnLabelAndHandsTheClusterToTheBorderMerge(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h = open(backend);
        CellPhoto halo = new CellPhoto("r2", false, "r1", 1, "h", 1_000, 1, 1);
        // The touch from the neighbouring region overtakes the photo's own ASSIGN: it waits.
        h.processElement(LinkFact.touch(LinkFact.Kind.TOUCH_HOME, "r1", halo, "r2/x", 1_000), 1_000);
        assertThat(Harnesses.side(h, EventRegistry.BORDER)).isEmpty();
        h.processElement(assign("h", 1_000, "r1/h", 1), 1_000);
        List<BorderFact> border = Harnesses.side(h, EventRegistry.BORDER);
        assertThat(border).extracting(f -> f.kind, f -> f.label, f -> f.partId)
                .containsExactly(tuple(BorderFact.Kind.PART, "r1/h", EventIds.forFirstPhoto("h")),
                        tuple(BorderFact.Kind.EDGE, "r1/h", null));
        assertThat(border.get(1).otherLabel).isEqualTo("r2/x");
        // The border merge owns its documents now: the flush sends a part, not a document.
        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).isEmpty();
        h.processWatermark(config.sweepAt(1_000));
        assertThat(Harnesses.events(h)).isEmpty();
        assertThat(Harnesses.keysWithState(h, STATES)).isZero();
        h.close();
    }
}
