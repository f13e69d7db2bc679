package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.contract.PhotoErasure;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseUploadsTest {

    private static final long T = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final long LATENESS = 600_000L;

    private final SourceParser parser = new SourceParser(Duration.ofDays(1).toMillis());
    private OneInputStreamOperatorTestHarness<SourceRecord, SourceRecord> h;

    @BeforeEach
    void open() throws Exception {
        h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseUploads(ClusteringConfig.builder().allowedLateness(java.time.Duration.ofMillis(LATENESS)).build())));
        h.open();
    }

    /** The upload events of the main output, in order, without its erasures. */
    private List<UploadEvent> events() {
        return h.extractOutputValues().stream().filter(r -> r.event != null).map(r -> r.event).toList();
    }

    private SourceRecord fromKafka(String json, long offset) {
        return parser.parse(null, json.getBytes(StandardCharsets.UTF_8), "photo-uploads", 2, offset);
    }

    @Test
    void anEventGoesOnAsTheSourceParsedIt() throws Exception {
        h.processElement(new StreamRecord<>(fromKafka(
                "{\"photoId\":\"p1\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[4.83,45.76],\"sizeBytes\":7}", 16), T));

        UploadEvent expected = new UploadEvent("p1", T, 45.76, 4.83, null);
        expected.sizeBytes = 7;
        assertThat(events()).containsExactly(expected);
        assertThat(h.getSideOutput(ParseUploads.DLQ)).isNull();
    }

    @Test
    void aBadRecordGoesToTheDlqWithItsBytesReasonAndOrigin() throws Exception {
        String json = "{\"photoId\":\"p1\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[4.83,91]}";
        h.processElement(new StreamRecord<>(fromKafka(json, 17)));

        assertThat(h.extractOutputValues()).isEmpty();
        List<BadRecord> dlq = h.getSideOutput(ParseUploads.DLQ).stream().map(StreamRecord::getValue).toList();
        assertThat(dlq).hasSize(1);
        BadRecord bad = dlq.get(0);
        assertThat(bad.value).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(bad.field).isEqualTo("location[1] (latitude)");
        assertThat(bad.reason).isEqualTo("91.0 is outside [-90.0, 90.0]");
        assertThat(bad.origin()).isEqualTo("photo-uploads/2@17");
    }

    @Test
    void anErasureGoesOnBehindTheUploadsReadBeforeItAndToItsSideOutput() throws Exception {
        Erasure erasure = Erasure.of(new PhotoErasure("p1", T, 45.76, 4.83, T + 1));
        h.processElement(new StreamRecord<>(upload("p1", 1), T));
        h.processElement(new StreamRecord<>(SourceRecord.erasure(erasure)));

        // One output for both: the hot path meets the erasure after its photo (docs/DELIVERY.md, "The job's part").
        assertThat(h.extractOutputValues()).extracting(r -> r.event == null ? null : r.event.photoId, r -> r.erasure)
                .containsExactly(tuple("p1", null), tuple(null, erasure));
        assertThat(h.getSideOutput(ParseUploads.DLQ)).isNull();
        assertThat(h.getSideOutput(ParseUploads.ERASURES)).extracting(StreamRecord::getValue).containsExactly(erasure);
    }

    private SourceRecord upload(String photoId, long offset) {
        return fromKafka("{\"photoId\":\"" + photoId + "\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[4.83,45.76]}", offset);
    }

    @Test
    void anUploadReadAfterItsPhotosErasureIsNeverClustered() throws Exception {
        h.processElement(new StreamRecord<>(SourceRecord.erasure(Erasure.of(new PhotoErasure("p1", T, 45.76, 4.83, T + 1)))));

        h.processElement(new StreamRecord<>(upload("p1", 2), T));
        h.processElement(new StreamRecord<>(upload("p2", 3), T));

        assertThat(events()).extracting(e -> e.photoId).containsExactly("p2");
    }

    @Test
    void theErasedIdsSurviveARestore() throws Exception {
        h.processElement(new StreamRecord<>(SourceRecord.erasure(Erasure.of(new PhotoErasure("p1", T, 45.76, 4.83, T + 1)))));
        var snapshot = h.snapshot(1, 1);
        h.close();
        h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseUploads(ClusteringConfig.builder().allowedLateness(java.time.Duration.ofMillis(LATENESS)).build())));
        h.initializeState(snapshot);
        h.open();

        h.processElement(new StreamRecord<>(upload("p1", 2), T));

        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void countsWhatItReadAndWhatWasBad() throws Exception {
        h.processElement(new StreamRecord<>(fromKafka("{oops", 1)));
        h.processElement(new StreamRecord<>(fromKafka(
                "{\"photoId\":\"p1\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[4.83,45.76]}", 2), T));

        var context = ((AbstractStreamOperator<?>) h.getOperator()).getRuntimeContext();
        assertThat(context.getAccumulator(ParseUploads.RECORDS_READ).getLocalValue()).isEqualTo(2L);
        assertThat(context.getAccumulator(ParseUploads.BAD_RECORDS).getLocalValue()).isEqualTo(1L);
    }

    @Test
    void aPhotoLateByItsArrivalGoesToTheColdPathWhateverTheWatermark() throws Exception {
        UploadEvent e = new UploadEvent("old", T - 72 * 3_600_000L, 45.76, 4.83, null);
        e.uploadedAt = T;
        h.processElement(new StreamRecord<>(SourceRecord.good(e, T), e.takenAt));

        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.getSideOutput(ParseUploads.LATE)).extracting(StreamRecord::getValue).containsExactly(e);
    }

    @Test
    void aPhotoWithoutArrivalGoesOnForTheWatermarkToJudge() throws Exception {
        UploadEvent e = new UploadEvent("old", T - 72 * 3_600_000L, 45.76, 4.83, null);
        h.processElement(new StreamRecord<>(SourceRecord.good(e), e.takenAt));

        assertThat(events()).containsExactly(e);
        assertThat(h.getSideOutput(ParseUploads.LATE)).isNull();
    }
}
