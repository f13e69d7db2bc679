package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class SourceParserTest {

    private final SourceParser parser = new SourceParser(Duration.ofDays(1).toMillis());

    private static byte[] upload(String takenAt, String more) {
        return ("{\"photoId\":\"p1\",\"takenAt\":\"" + takenAt + "\",\"location\":[4.83,45.76]" + more + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGoodRecordHoldsItsEventOnly() {
        SourceRecord r = parser.parse(null, upload("2025-01-01T00:00:00Z", ",\"storageUrl\":\"https://blob/p1\""), "photo-uploads", 0, 5);
        assertThat(r.event).isEqualTo(new UploadEvent("p1", Instant.parse("2025-01-01T00:00:00Z").toEpochMilli(),
                45.76, 4.83, "https://blob/p1"));
        assertThat(r.bad).isNull();
    }

    @Test
    void aBadRecordKeepsItsBytesFieldReasonAndOrigin() {
        byte[] value = upload("yesterday", "");
        SourceRecord r = parser.parse(null, value, "uploads.jsonl", -1, 12);
        assertThat(r.event).isNull();
        assertThat(r.bad.value).isSameAs(value);
        assertThat(r.bad.field).isEqualTo("takenAt");
        assertThat(r.bad.reason).contains("'yesterday' is not an ISO-8601 UTC timestamp");
        assertThat(r.bad.origin()).isEqualTo("uploads.jsonl:12");
    }

    @Test
    void theFutureIsTheWallClocksPlusTheSkew() {
        Instant now = Instant.now();
        assertThat(parser.parse(null, upload(now.plus(Duration.ofHours(1)).toString(), ""), "t", 0, 0).event).isNotNull();
        SourceRecord tooFar = parser.parse(null, upload(now.plus(Duration.ofDays(2)).toString(), ""), "t", 0, 0);
        assertThat(tooFar.bad.field).isEqualTo("takenAt");
        assertThat(tooFar.bad.reason).startsWith("lies in the future");
    }

    @Test
    void whatTheCodecDidNotForeseeIsABadRecordTooNotAFailedSource() {
        // An uploadedAt past the range of epoch millis: the codec's toEpochMilli() overflows.
        SourceRecord r = parser.parse(null, upload("2025-01-01T00:00:00Z", ",\"uploadedAt\":\"+1000000000-12-31T23:59:59Z\""),
                "photo-uploads", 1, 9);
        assertThat(r.event).isNull();
        assertThat(r.bad.field).isNull();
        assertThat(r.bad.reason).startsWith("unparseable: java.lang.ArithmeticException");
        assertThat(r.bad.origin()).isEqualTo("photo-uploads/1@9");
    }

    @Test
    void parsesAfterTheJobShippedItToATask() throws Exception {
        SourceParser shipped = InstantiationUtil.clone(parser);
        assertThat(shipped.parse(null, upload("2025-01-01T00:00:00Z", ""), "t", 0, 0).event.photoId).isEqualTo("p1");
    }

    @Test
    void aKafkaRecordsArrivalIsTheLaterOfItsUploadedAtAndItsTimestamp() {
        SourceRecord r = parser.parse(null, upload("2025-01-01T00:00:00Z", ",\"uploadedAt\":\"2025-01-01T00:00:01Z\""),
                "photo-uploads", 0, 5, Instant.parse("2025-01-01T02:00:00Z").toEpochMilli());
        assertThat(r.arrivedAt).isEqualTo(Instant.parse("2025-01-01T02:00:00Z").toEpochMilli());
    }
}
