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
        // What a streaming parser could get wrong where the tree parser was right:
        "last of twice wins|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],\"location\":null}|location|missing",
        "three coordinates|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2,3]}|location|GeoJSON",
        "nested position|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[[1,2],3]}|location[0] (longitude)|must be a number",
        "lat 1e2|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,1e2]}|location[1] (latitude)|100.0 is outside",
        "fractional size|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],\"sizeBytes\":1.5}|sizeBytes|non-negative",
        "size 1e2|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],\"sizeBytes\":1e2}|sizeBytes|non-negative",
        "size as string|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],\"sizeBytes\":\"5\"}|sizeBytes|non-negative",
        // the size's digits must not become the next coordinate's value
        "size past long|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"sizeBytes\":99999999999999999999,\"location\":[1,2]}|sizeBytes|non-negative",
        "checked in field order|{\"location\":[1,91],\"takenAt\":\"yesterday\",\"photoId\":\"a b\"}|photoId|characters",
        "syntax error after a bad field|{\"photoId\":5,\"takenAt\":|null|not valid JSON",
        "syntax error in an unknown field|{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],\"x\":{\"y\":[1,}}|null|not valid JSON",
        "unterminated array|[1,2|null|not valid JSON",
        "unterminated string|\"abc|null|not valid JSON",
        "null|null|null|not a JSON object",
    })
    void rejectsWithFieldAndReason(String name, String json, String field, String reason) {
        assertThatThrownBy(() -> codec.parse(json, NOW))
                .isInstanceOfSatisfying(InvalidUploadEventException.class, ex -> {
                    assertThat(ex.field()).isEqualTo("null".equals(field) ? null : field);
                    assertThat(ex.reason()).contains(reason);
                });
    }

    @Test
    void ofAKeyGivenTwiceTheLastCounts() throws Exception {
        UploadEvent e = codec.parse("{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],"
                + "\"photoId\":\"b\",\"location\":[3,4]}", NOW);
        assertThat(e.photoId).isEqualTo("b");
        assertThat(e.lon).isEqualTo(3);
        assertThat(e.lat).isEqualTo(4);
    }

    @Test
    void skipsNestedUnknownValuesWhateverTheyHoldInside() throws Exception {
        UploadEvent e = codec.parse("{\"x\":{\"photoId\":5,\"y\":[1,{\"location\":\"no\"},[[]]]},\"photoId\":\"a\","
                + "\"z\":[{\"takenAt\":null}],\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2],\"w\":[]}", NOW);
        assertThat(e.photoId).isEqualTo("a");
        assertThat(e.takenAt).isEqualTo(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void readsNumbersInAnyJsonForm() throws Exception {
        UploadEvent e = codec.parse("{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1e2,-0.5E1],"
                + "\"sizeBytes\":9223372036854775807}", NOW);
        assertThat(e.lon).isEqualTo(100);
        assertThat(e.lat).isEqualTo(-5);
        assertThat(e.sizeBytes).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void ignoresWhatFollowsTheObjectAsTheTreeParserDid() throws Exception {
        String ok = "{\"photoId\":\"a\",\"takenAt\":\"2025-01-01T00:00:00Z\",\"location\":[1,2]}";
        assertThat(codec.parse(ok + " x", NOW)).isEqualTo(codec.parse(ok, NOW));
        assertThat(codec.parse(ok + "}", NOW)).isEqualTo(codec.parse(ok, NOW));
    }

    @Test
    void blankIsNotAnObject() {
        assertThatThrownBy(() -> codec.parse("  \n", NOW))
                .isInstanceOfSatisfying(InvalidUploadEventException.class, ex -> {
                    assertThat(ex.field()).isNull();
                    assertThat(ex.reason()).isEqualTo("not a JSON object");
                });
    }

    @Test
    void rejectsEmptyAndHugeRecords() {
        assertThatThrownBy(() -> codec.parse(new byte[0], NOW)).hasMessageContaining("empty record");
        byte[] huge = new byte[UploadEventCodec.MAX_RECORD_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> codec.parse(huge, NOW)).hasMessageContaining("exceeds");
    }
}
