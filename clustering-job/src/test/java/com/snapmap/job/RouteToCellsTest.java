package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.geo.Geohash;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.contract.PhotoErasure;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.SourceRecord;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteToCellsTest {

    private static final double LAT = 45.7640;
    private static final double LON = 4.8357;

    private static OneInputStreamOperatorTestHarness<SourceRecord, CellPhoto> harness(ProcessFunction<SourceRecord, CellPhoto> fn)
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
    private static String homeRegion(OneInputStreamOperatorTestHarness<SourceRecord, CellPhoto> h) throws Exception {
        h.processElement(new StreamRecord<>(SourceRecord.good(photo("p")), 1_000));
        List<CellPhoto> out = h.extractOutputValues();
        return out.stream().filter(c -> c.home).findFirst().orElseThrow().cell;
    }

    /** Restores a router configured with {@code precision} from {@code savepoint}, then routes one photo. */
    private static String homeRegionAfterRestore(OperatorSubtaskState savepoint, int precision) throws Exception {
        OneInputStreamOperatorTestHarness<SourceRecord, CellPhoto> after = harness(route(precision));
        after.initializeState(savepoint);
        after.open();
        String home = homeRegion(after);
        after.close();
        return home;
    }

    @Test
    void aFreshStartRoutesWithTheConfiguredPrecision() throws Exception {
        OneInputStreamOperatorTestHarness<SourceRecord, CellPhoto> h = harness(route(6));
        h.open();
        assertThat(homeRegion(h)).isEqualTo(Geohash.encode(LAT, LON, 6));
        h.close();
    }

    @Test
    void aRestoreKeepsThePrecisionTheSavepointWasTakenWith() throws Exception {
        OneInputStreamOperatorTestHarness<SourceRecord, CellPhoto> before = harness(route(5));
        before.open();
        OperatorSubtaskState savepoint = before.snapshot(1, 1);
        before.close();

        assertThat(homeRegionAfterRestore(savepoint, 6)).isEqualTo(Geohash.encode(LAT, LON, 5));
    }

    @ParameterizedTest(name = "at {0},{1}")
    @CsvSource({"45.7640,4.8357", "0.0001,179.9999", "89.5,10", "-89.5,10"})
    void anErasureFollowsItsPhotoToItsHomeRegionAloneOnTheSameOutput(double lat, double lon) throws Exception {
        OneInputStreamOperatorTestHarness<SourceRecord, CellPhoto> h = harness(route(5));
        h.open();
        h.processElement(new StreamRecord<>(SourceRecord.good(new UploadEvent("p", 1_000, lat, lon, null)), 1_000));
        h.processElement(new StreamRecord<>(SourceRecord.erasure(Erasure.of(new PhotoErasure("p", 1_000, lat, lon, 2_000)))));

        List<CellPhoto> out = h.extractOutputValues();
        CellPhoto home = out.stream().filter(c -> c.home && !c.erasure).findFirst().orElseThrow();
        // Last, behind every copy of its photo, and to the home region only.
        assertThat(out.get(out.size() - 1)).satisfies(c -> {
            assertThat(c.erasure).isTrue();
            assertThat(c.cell).isEqualTo(home.cell);
            assertThat(c.photoId).isEqualTo("p");
        });
        assertThat(out).filteredOn(c -> c.erasure).hasSize(1);
        h.close();
    }
}
