package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The index specs are the ones docs/ARCHITECTURE.md ("Data") lists, each under one name. */
class SnapmapIndexesTest {

    private static Map<String, String> byName() {
        return SnapmapIndexes.specs(Duration.ofHours(24)).stream().collect(Collectors.toMap(
                s -> s.collection() + "." + s.name(), s -> s.keys().toJson()));
    }

    @Test
    void coverTheDocumentedIndexes() {
        // docs/ARCHITECTURE.md, transcribed: photos location 2dsphere, cell + takenAt, uploadedAt, eventId;
        // events 2dsphere on centroid, cell + endAt.
        assertThat(byName()).containsAllEntriesOf(Map.of(
                "photos.location_2dsphere", "{\"location\": \"2dsphere\"}",
                "photos.cell_takenAt", "{\"cell\": 1, \"takenAt\": 1}",
                "photos.uploadedAt", "{\"uploadedAt\": 1}",
                "photos.eventId", "{\"eventId\": 1}",
                "events.centroid_2dsphere", "{\"centroid\": \"2dsphere\"}",
                "events.cell_endAt", "{\"cell\": 1, \"endAt\": 1}"));
    }

    @Test
    void addOnlyTheRelabelPlaceUploaderAndErasureIndexesAndTheIdempotencyTtl() {
        assertThat(byName()).hasSize(11).containsEntry("photos.clusterLabel", "{\"clusterLabel\": 1}")
                .containsEntry("photos.uploader", "{\"uploader\": 1}")
                .containsEntry("idempotency.photoId", "{\"photoId\": 1}")
                .containsEntry("events.placeKey_id", "{\"placeKey\": 1, \"_id\": 1}")
                .containsEntry("idempotency.createdAt_ttl", "{\"createdAt\": 1}");
        IndexSpec ttl = SnapmapIndexes.specs(Duration.ofMinutes(90)).stream()
                .filter(s -> s.expireAfterSeconds() != null).collect(Collectors.toList()).get(0);
        assertThat(ttl.expireAfterSeconds()).isEqualTo(5400);
    }

    @Test
    void namesAndKeyPatternsAreUniquePerCollection() {
        List<IndexSpec> specs = SnapmapIndexes.specs(Duration.ofHours(1));
        assertThat(specs.stream().map(s -> s.collection() + "." + s.name()).distinct()).hasSize(specs.size());
        assertThat(specs.stream().map(s -> s.collection() + s.keys().toJson()).distinct()).hasSize(specs.size());
    }
}
