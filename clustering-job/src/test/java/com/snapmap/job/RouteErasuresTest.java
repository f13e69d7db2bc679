package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.Erasure;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteErasuresTest {

    private final ClusteringConfig config = ClusteringConfig.defaults();

    @ParameterizedTest(name = "at {0},{1}")
    @CsvSource({"45.7640,4.8357", "0.0001,179.9999", "89.5,10", "-89.5,10"})
    void anErasureGoesToTheRegionOfItsPhotosHomeCopyAlone(double lat, double lon) throws Exception {
        UploadEvent upload = new UploadEvent("p", 1_000, lat, lon, null);
        var photos = new OneInputStreamOperatorTestHarness<UploadEvent, CellPhoto>(new ProcessOperator<>(new RouteToCells(config)));
        photos.open();
        photos.processElement(new StreamRecord<>(upload, 1_000));
        CellPhoto home = photos.extractOutputValues().stream().filter(c -> c.home).findFirst().orElseThrow();
        photos.close();

        Erasure e = new Erasure();
        e.photoId = "p";
        e.takenAt = 1_000;
        e.lat = lat;
        e.lon = lon;
        var erasures = new OneInputStreamOperatorTestHarness<Erasure, CellPhoto>(new StreamMap<>(new RouteErasures(config)));
        erasures.open();
        erasures.processElement(new StreamRecord<>(e, 1_000));
        assertThat(erasures.extractOutputValues()).singleElement().satisfies(c -> {
            assertThat(c.erasure).isTrue();
            assertThat(c.cell).isEqualTo(home.cell);
            assertThat(c.photoId).isEqualTo("p");
        });
        erasures.close();
    }
}
