package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.geo.Geohash;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.CellPhoto;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RouteToCellsTest {

    private static final double LAT = 45.7640;
    private static final double LON = 4.8357;

    private static OneInputStreamOperatorTestHarness<UploadEvent, CellPhoto> harness(ProcessFunction<UploadEvent, CellPhoto> fn)
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(fn));
    }

    private static RouteToCells route(int precision) {
        return new RouteToCells(ClusteringConfig.builder().cellPrecision(precision).build());
    }

    private static UploadEvent photo(String id) {
        UploadEvent e = new UploadEvent();
        e.photoId = id;
        e.takenAt = 1_000;
        e.lat = LAT;
        e.lon = LON;
        return e;
    }

    /** The home region of the one photo sent through {@code h}. */
    private static String homeRegion(OneInputStreamOperatorTestHarness<UploadEvent, CellPhoto> h) throws Exception {
        h.processElement(new StreamRecord<>(photo("p"), 1_000));
        List<CellPhoto> out = h.extractOutputValues();
        return out.stream().filter(c -> c.home).findFirst().orElseThrow().cell;
    }

    /** Restores a router configured with {@code precision} from {@code savepoint}, then routes one photo. */
    private static String homeRegionAfterRestore(OperatorSubtaskState savepoint, int precision) throws Exception {
        OneInputStreamOperatorTestHarness<UploadEvent, CellPhoto> after = harness(route(precision));
        after.initializeState(savepoint);
        after.open();
        String home = homeRegion(after);
        after.close();
        return home;
    }

    @Test
    void aFreshStartRoutesWithTheConfiguredPrecision() throws Exception {
        OneInputStreamOperatorTestHarness<UploadEvent, CellPhoto> h = harness(route(6));
        h.open();
        assertThat(homeRegion(h)).isEqualTo(Geohash.encode(LAT, LON, 6));
        h.close();
    }

    @Test
    void aRestoreKeepsThePrecisionTheSavepointWasTakenWith() throws Exception {
        OneInputStreamOperatorTestHarness<UploadEvent, CellPhoto> before = harness(route(5));
        before.open();
        OperatorSubtaskState savepoint = before.snapshot(1, 1);
        before.close();

        assertThat(homeRegionAfterRestore(savepoint, 6)).isEqualTo(Geohash.encode(LAT, LON, 5));
    }
}
