package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.PhotoWrite;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PhotoLabelerTest {

    @Test
    void writesPhotosAndLabelWideRelabelsOnceAndForgetsAtExpiry() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LabelFact, PhotoWrite> h =
                Harnesses.open(new PhotoLabeler(), f -> f.label);
        h.processElement(LabelFact.assign("p1", "L", "E1", 10_000), 1);
        h.processElement(LabelFact.assign("p2", "L", "E1", 12_000), 2);
        h.processElement(LabelFact.relabel("L", "E2", 12_000), 3);
        h.processElement(LabelFact.relabel("L", "E2", 12_000), 4); // said twice: written once
        assertThat(Harnesses.values(h)).extracting(Object::toString).containsExactly(
                "PHOTO(p1, L -> E1)", "PHOTO(p2, L -> E1)", "LABEL(L -> E2)");
        h.processWatermark(11_000);
        assertThat(h.numKeyedStateEntries()).isEqualTo(2); // still live until 12 000
        h.processWatermark(12_000);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
