package com.snapmap.job.cold;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.LinkRule;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventReformTest {

    private static final long T = 1_700_000_000_000L;
    /** About 40 m of latitude: linked in space. */
    private static final double STEP = 0.00036;

    private final EventReform reform = new EventReform(LinkRule.defaults());

    private static Photo at(String id, int minute, int step) {
        return new Photo(id, T + minute * 60_000L, 45.76 + step * STEP, 4.83);
    }

    @Test
    void theBridgesErasureSplitsTheEventAndTheOldIdResolvesToTheEarlierPart() {
        // a - b - [bridge] - c - d: without the bridge, {a, b} and {c, d}.
        List<Photo> remaining = List.of(at("a", 0, 0), at("b", 1, 1), at("c", 3, 3), at("d", 4, 4));
        String old = EventIds.forFirstPhoto("z-first-elsewhere");

        EventReform.Plan plan = reform.plan(remaining, Map.of(old, List.of("a", "b", "bridge", "c", "d")));

        assertThat(plan.parts()).extracting(EventReform.Part::eventId)
                .containsExactly(EventIds.forFirstPhoto("a"), EventIds.forFirstPhoto("c"));
        assertThat(plan.parts()).extracting(EventReform.Part::photoIds).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(plan.retired()).containsExactly(Map.entry(old, List.of(EventIds.forFirstPhoto("a"), EventIds.forFirstPhoto("c"))));
    }

    @Test
    void anEventThatKeepsItsFirstPhotoKeepsItsIdAndRetiresNothing() {
        String id = EventIds.forFirstPhoto("a");

        EventReform.Plan plan = reform.plan(List.of(at("a", 0, 0), at("b", 1, 1)), Map.of(id, List.of("a", "b", "c")));

        assertThat(plan.parts()).singleElement().satisfies(p -> {
            assertThat(p.eventId()).isEqualTo(id);
            assertThat(p.summary().count).isEqualTo(2);
            assertThat(p.summary().endAt).isEqualTo(T + 60_000L);
        });
        assertThat(plan.retired()).isEmpty();
    }

    @Test
    void erasingTheFirstPhotoNamesTheEventAfterTheNextAndRetiresTheOldId() {
        String old = EventIds.forFirstPhoto("a");

        EventReform.Plan plan = reform.plan(List.of(at("b", 1, 1), at("c", 2, 2)), Map.of(old, List.of("a", "b", "c")));

        assertThat(plan.parts()).extracting(EventReform.Part::eventId).containsExactly(EventIds.forFirstPhoto("b"));
        assertThat(plan.retired()).containsExactly(Map.entry(old, List.of(EventIds.forFirstPhoto("b"))));
    }

    @Test
    void anEventWhosePhotosAreAllErasedResolvesToNothing() {
        String old = EventIds.forFirstPhoto("a");

        EventReform.Plan plan = reform.plan(List.of(), Map.of(old, List.of("a")));

        assertThat(plan.parts()).isEmpty();
        assertThat(plan.retired()).containsExactly(Map.entry(old, List.of()));
    }
}
