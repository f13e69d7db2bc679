package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.LabelFact;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BorderMergeTest {

    private final ClusteringConfig config = ClusteringConfig.defaults();

    private static BorderFact part(String root, String[] members, String... photosAtSeconds) {
        EventSummary s = new EventSummary();
        for (String p : photosAtSeconds) {
            String[] idAndTime = p.split("@");
            s.add(idAndTime[0], Long.parseLong(idAndTime[1]) * 1_000, 45.0, 4.0);
        }
        return BorderFact.part(root, s, s.eventId(), members);
    }

    @ParameterizedTest
    @EnumSource(Harnesses.Backend.class)
    void joinsPartsAcrossAnEdgeUnderTheEarliestFirstPhotoTombstonesTheRestAndForgets(Harnesses.Backend backend)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, BorderFact, LabelFact> h =
                Harnesses.open(new BorderMerge(config), f -> BorderMerge.KEY, backend);
        h.processElement(part("A/a", new String[] {"A/a", "A/c"}, "a@2", "c@3"), 3_000);
        h.processElement(part("B/b", new String[] {"B/b"}, "b@1"), 3_000);
        Harnesses.drain(h);
        Harnesses.events(h);

        h.processElement(BorderFact.edge("A/c", "B/b"), 3_000);
        String a = EventIds.forFirstPhoto("a");
        String b = EventIds.forFirstPhoto("b");
        assertThat(Harnesses.drain(h)).extracting(f -> f.label, f -> f.eventId)
                .containsExactlyInAnyOrder(tuple("A/a", b), tuple("A/c", b), tuple("B/b", b));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.mergedInto).containsExactly(tuple(a, b));

        h.setProcessingTime(config.flushIntervalMillis());
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.status)
                .containsExactly(tuple(b, 3L, "open"));

        // A later part update replaces that part's summary; it does not add to it.
        h.processElement(part("A/a", new String[] {"A/a", "A/c"}, "a@2", "c@3", "d@4"), 4_000);
        h.processWatermark(config.sweepAt(4_000));
        assertThat(Harnesses.events(h)).extracting(d -> d.eventId, d -> d.photoCount, d -> d.version, d -> d.status)
                .containsExactly(tuple(b, 4L, 5L, "closed"));
        h.setProcessingTime(Long.MAX_VALUE);
        assertThat(Harnesses.keysWithState(h, "parent", "parts", "components", "dirty", "flush-at")).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
