package com.snapmap.gateway;

import java.time.Instant;

/** A stored photo's metadata (the {@code photos} document); {@code eventId} null until clustered. */
public record PhotoRecord(
        String photoId,
        Instant takenAt,
        double lat,
        double lon,
        Instant uploadedAt,
        String storageUrl,
        String contentType,
        long sizeBytes,
        String sha256,
        String eventId) {}
