package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.model.HaloHome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The margin join without Flink: its entries in a hash map, its edges and filings recorded. */
class MarginJoinTest {

    record Edge(String own, String other) {}

    record Filed(String photoId, long takenAt) {}

    private final ClusteringConfig config = ClusteringConfig.defaults();
    private final Map<String, HaloHome> homes = new HashMap<>();
    private final MarginJoin join = new MarginJoin(config, EntryStore.inMemory(homes));
    private final List<Edge> edges = new ArrayList<>();
    private final List<Filed> filed = new ArrayList<>();
    private final MarginJoin.Joins joins = new MarginJoin.Joins() {
        @Override
        public void edge(String ownLabel, String otherLabel) {
            edges.add(new Edge(ownLabel, otherLabel));
        }

        @Override
        public void forgettable(String photoId, long takenAt) {
            filed.add(new Filed(photoId, takenAt));
        }
    };

    @Test
    void aTouchOfALabelledPhotoIsAnEdgeAtOnce() throws Exception {
        join.labelled("h", "r1/h", 1_000, joins);
        join.touched("h", "r2/x", 1_000, joins);
        assertThat(edges).containsExactly(new Edge("r1/h", "r2/x"));
    }

    @Test
    void touchesThatOvertookThePhotosLabelBecomeEdgesWhenItArrives() throws Exception {
        join.touched("h", "r2/x", 1_000, joins);
        join.touched("h", "r3/y", 1_000, joins);
        assertThat(edges).isEmpty();
        join.labelled("h", "r1/h", 1_000, joins);
        assertThat(edges).containsExactly(new Edge("r1/h", "r2/x"), new Edge("r1/h", "r3/y"));
    }

    @Test
    void aPhotosEntryIsFiledOnceForItsSweep() throws Exception {
        join.touched("h", "r2/x", 1_000, joins);
        join.touched("h", "r3/y", 1_000, joins);
        join.labelled("h", "r1/h", 1_000, joins);
        assertThat(filed).containsExactly(new Filed("h", 1_000));
    }

    @Test
    void anEntryIsForgottenOnlyOnceItsPhotoIsPastTheLastForgottenTime() throws Exception {
        join.labelled("h", "r1/h", 1_000, joins);
        join.expire("h", 999);
        assertThat(homes).containsOnlyKeys("h");
        join.expire("h", 1_000);
        assertThat(homes).isEmpty();
    }
}
