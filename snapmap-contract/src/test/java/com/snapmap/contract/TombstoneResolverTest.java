package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TombstoneResolverTest {

    @Test
    void followsMergedIntoToTheLiveEvent() {
        Map<String, EventDoc> docs = new HashMap<>();
        docs.put("a", EventDoc.tombstone("a", "b", 1, 0));
        docs.put("b", EventDoc.tombstone("b", "c", 2, 0));
        EventDoc c = new EventDoc();
        c.eventId = "c";
        docs.put("c", c);
        var r = TombstoneResolver.resolve("a", docs::get, d -> d.mergedInto);
        assertThat(r.eventId()).isEqualTo("c");
        assertThat(r.document()).isSameAs(c);
        assertThat(r.mergedFrom()).isEqualTo(List.of("a", "b"));
        assertThat(TombstoneResolver.resolve("zz", docs::get, d -> d.mergedInto).document()).isNull();
    }

    @Test
    void aCycleStopsAtTheHopLimit() {
        Map<String, EventDoc> docs = Map.of("a", EventDoc.tombstone("a", "b", 1, 0), "b", EventDoc.tombstone("b", "a", 1, 0));
        assertThatThrownBy(() -> TombstoneResolver.resolve("a", docs::get, d -> d.mergedInto))
                .hasMessageContaining("more than " + TombstoneResolver.MAX_HOPS);
    }
}
