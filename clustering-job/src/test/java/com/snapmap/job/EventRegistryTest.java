package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.cluster.EventIds;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EventRegistryTest {

    private final ClusteringConfig config = ClusteringConfig.defaults();

    private static LinkFact assign(String photo, long t, String label) {
        return LinkFact.assign(new CellPhoto("c", true, photo, t, 1, 1), label);
    }

    @Test
    void namesMergesTombstonesClosesAndForgets() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h =
                Harnesses.open(new EventRegistry(config), f -> EventRegistry.KEY);
        // Arrive out of event-time order: applied in order once the watermark passes.
        h.processElement(assign("b2", 3_000, "B"), 3_000);
        h.processElement(assign("a1", 1_000, "A"), 1_000);
        h.processElement(assign("b1", 2_000, "B"), 2_000);
        h.processWatermark(3_000);
        String a = EventIds.forFirstPhoto("a1");
        String b = EventIds.forFirstPhoto("b1");
        assertThat(Harnesses.values(h)).extracting(Object::toString).containsExactly(
                "ASSIGN(a1, A -> " + a + ")", "ASSIGN(b1, B -> " + b + ")", "ASSIGN(b2, B -> " + b + ")");
        assertThat(Harnesses.side(h, EventRegistry.EVENTS)).isEmpty(); // coalesced until the next advance
        h.processWatermark(3_001);
        List<EventDocument> docs = Harnesses.side(h, EventRegistry.EVENTS);
        assertThat(docs).extracting(d -> d.eventId + ":" + d.photoCount + ":" + d.status)
                .containsExactlyInAnyOrder(a + ":1:open", b + ":2:open");

        // A late bridge: B merges into A (A's first photo is earlier).
        h.processElement(LinkFact.union("m", 2_500, "A", "B"), 2_500);
        assertThat(Harnesses.values(h)).extracting(Object::toString).last().isEqualTo("RELABEL(B -> " + a + ")");
        assertThat(Harnesses.side(h, EventRegistry.EVENTS)).anySatisfy(d -> {
            assertThat(d.eventId).isEqualTo(b);
            assertThat(d.mergedInto).isEqualTo(a);
        });

        // Past endAt + W + lateness the event closes and every trace of it goes.
        h.processWatermark(config.horizonOf(3_000) + 1);
        EventDocument last = Harnesses.side(h, EventRegistry.EVENTS).get(Harnesses.side(h, EventRegistry.EVENTS).size() - 1);
        assertThat(last.eventId).isEqualTo(a);
        assertThat(last.status).isEqualTo("closed");
        assertThat(last.photoCount).isEqualTo(3);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void aLatePhotoOlderThanTheFirstRenamesTheEvent() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LabelFact> h =
                Harnesses.open(new EventRegistry(config), f -> EventRegistry.KEY);
        h.processElement(assign("x", 5_000, "L"), 5_000);
        h.processWatermark(6_000);
        h.processElement(assign("early", 4_000, "L"), 4_000); // late: applied at once
        String renamed = EventIds.forFirstPhoto("early");
        assertThat(Harnesses.values(h)).extracting(Object::toString)
                .endsWith("RELABEL(L -> " + renamed + ")", "ASSIGN(early, L -> " + renamed + ")");
        assertThat(Harnesses.side(h, EventRegistry.EVENTS))
                .anySatisfy(d -> assertThat(d.mergedInto).isEqualTo(renamed));
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
