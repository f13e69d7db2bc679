package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.LinkFact;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MarginJoinTest {

    private final ClusteringConfig config = ClusteringConfig.defaults();

    @Test
    void touchesMeetTheHomeLabelInEitherOrder() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LinkFact, LinkFact> h =
                Harnesses.open(new MarginJoin(config), f -> f.photoId);
        CellPhoto p = new CellPhoto("home", true, "p", 1_000, 1, 1);
        h.processElement(LinkFact.touch(p, "east/q", 1_000), 1_000); // before the home label
        h.processElement(LinkFact.assign(p, "home/p"), 1_000);
        h.processElement(LinkFact.touch(p, "north/r", 1_200), 1_200); // after it
        h.processElement(LinkFact.touch(p, "home/p", 1_200), 1_200); // its own label: no union
        h.processElement(LinkFact.union("z", 5, "a", "b"), 5); // passes through
        assertThat(Harnesses.values(h)).extracting(Object::toString).containsExactly(
                "ASSIGN(p, home/p)", "UNION(p, home/p ~ east/q)", "UNION(p, home/p ~ north/r)", "UNION(z, a ~ b)");

        h.processWatermark(config.horizonOf(1_200) + 1);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
