package com.snapmap.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UploadEventCodecTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private final UploadEventCodec codec = new UploadEventCodec();

    @Test
    void roundTrips() throws Exception {
        UploadEvent e = new UploadEvent("p-1", Instant.parse("2025-05-01T12:00:00Z").toEpochMilli(),
                45.76, 4.83, "https://blob/x");
        e.uploadedAt = Instant.parse("2025-05-01T12:01:00Z").toEpochMilli();
        e.contentType = "image/jpeg";
        e.sizeBytes = 1234;
        e.sha256 = "ab";
        String json = codec.toJson(e);
        assertThat(json).contains("\"location\":[4.83,45.76]"); // GeoJSON: longitude first
        assertThat(codec.parse(json, NOW)).isEqualTo(e);
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        UploadEvent e = codec.parse(
                "{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],\"x\":{}}", NOW);
        assertThat(e.lat).isEqualTo(2);
        assertThat(e.lon).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json|{oops|null|not valid JSON",
        "array|[1,2]|null|not a JSON object",
        "missing id|{\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2]}|photoId|missing",
        "numeric id|{\"photoId\":5,\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2]}|photoId|must be a string",
        "bad id chars|{\"photoId\":\"a b\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2]}|photoId|characters",
        "missing time|{\"photoId\":\"a\",\"location\":[1,2]}|takenAt|missing",
        "time as number|{\"photoId\":\"a\",\"takenAt\":1700000000,\"location\":[1,2]}|takenAt|ISO-8601",
        "bad time|{\"photoId\":\"a\",\"takenAt\":\"yesterday\",\"location\":[1,2]}|takenAt|ISO-8601",
        "future|{\"photoId\":\"a\",\"takenAt\":\"2031-01-01T00:00:00Z\",\"location\":[1,2]}|takenAt|future",
        "ancient|{\"photoId\":\"a\",\"takenAt\":\"1700-01-01T00:00:00Z\",\"location\":[1,2]}|takenAt|before",
        "no location|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\"}|location|missing",
        "location object|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":{\"lat\":1}}|location|GeoJSON",
        "lat 91|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,91]}|location[1] (latitude)|outside",
        "lon -181|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[-181,1]}|location[0] (longitude)|outside",
        "lat string|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,\"2\"]}|location[1] (latitude)|must be a number",
        "NaN|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,NaN]}|null|not valid JSON",
        "negative size|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],\"sizeBytes\":-1}|sizeBytes|non-negative",
    })
    void rejectsWithFieldAndReason(String name, String json, String field, String reason) {
        assertThatThrownBy(() -> codec.parse(json, NOW))
                .isInstanceOfSatisfying(InvalidUploadEventException.class, ex -> {
                    assertThat(ex.field()).isEqualTo("null".equals(field) ? null : field);
                    assertThat(ex.reason()).contains(reason);
                });
    }

    @Test
    void peeksTakenAtWithoutFullParsing() {
        byte[] ok = "{\"location\":[1,2],\"x\":{\"takenAt\":5},\"takenAt\":\"2025-01-01T00:00:00Z\"}".getBytes();
        assertThat(UploadEventCodec.peekTakenAt(ok)).isEqualTo(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
        assertThat(UploadEventCodec.peekTakenAt("{\"takenAt\":5}".getBytes())).isNull();
        assertThat(UploadEventCodec.peekTakenAt("{oops".getBytes())).isNull();
        assertThat(UploadEventCodec.peekTakenAt(new byte[0])).isNull();
    }

    @Test
    void rejectsEmptyAndHugeRecords() {
        assertThatThrownBy(() -> codec.parse(new byte[0], NOW)).hasMessageContaining("empty record");
        byte[] huge = new byte[UploadEventCodec.MAX_RECORD_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> codec.parse(huge, NOW)).hasMessageContaining("exceeds");
    }
}
