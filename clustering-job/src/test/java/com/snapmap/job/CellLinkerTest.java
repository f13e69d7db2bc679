package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.geo.Haversine;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.LinkFact;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CellLinkerTest {

    private final ClusteringConfig config = ClusteringConfig.defaults();

    private static CellPhoto home(String id, long t, double lat, double lon) {
        return new CellPhoto("c1", true, id, t, lat, lon);
    }

    @Test
    void linksInEventTimeOrderOnceTheWatermarkPassesAndCleansUp() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h =
                Harnesses.open(new CellLinker(config), p -> p.cell);
        double[] near = Haversine.destination(10, 10, 30, 90);
        double[] farther = Haversine.destination(10, 10, 60, 90); // 30 m from "near", 60 m from "a"
        // Arrive out of order: b (later) first.
        h.processElement(home("b", 2_000, farther[0], farther[1]), 2_000);
        h.processElement(home("a", 1_000, 10, 10), 1_000);
        assertThat(Harnesses.values(h)).isEmpty(); // nothing before the watermark
        h.processWatermark(2_000);
        assertThat(Harnesses.values(h)).extracting(Object::toString)
                .containsExactly("ASSIGN(a, c1/a)", "ASSIGN(b, c1/b)");

        // A late home photo between them joins a and bridges b: linked at once.
        h.processElement(home("m", 1_500, near[0], near[1]), 1_500);
        assertThat(Harnesses.values(h)).extracting(Object::toString)
                .endsWith("ASSIGN(m, c1/a)", "UNION(m, c1/a ~ c1/b)");

        // A halo copy never joins; it reports the clusters it touches.
        h.processElement(new CellPhoto("c1", false, "h", 1_600, 10, 10), 1_600);
        assertThat(Harnesses.values(h)).extracting(Object::toString).last().isEqualTo("TOUCH(h, c1/a)");

        h.processWatermark(config.horizonOf(config.windowMillis() + 2_000));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void aHomePhotoReportsTheHaloPhotosItLinks() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CellPhoto, LinkFact> h =
                Harnesses.open(new CellLinker(config), p -> p.cell);
        h.processElement(new CellPhoto("c1", false, "halo", 1_000, 5, 5), 1_000);
        h.processElement(home("x", 1_000 + config.windowMillis(), 5, 5), 1_000);
        h.processElement(home("y", 2_000 + config.windowMillis(), 5, 5), 1_000); // 1 ms past W of halo
        h.processWatermark(Long.MAX_VALUE - 1);
        assertThat(Harnesses.values(h)).extracting(Object::toString)
                .containsExactly("ASSIGN(x, c1/x)", "TOUCH(halo, c1/x)", "ASSIGN(y, c1/x)");
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
