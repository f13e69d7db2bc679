package com.snapmap.contract;

import java.time.Instant;

/**
 * A {@code photos} document as any service may find it. The gateway writes every field but
 * {@code eventId}/{@code clusterLabel}; the job may create one with only {@code eventId} and
 * {@code clusterLabel} (an upload event replayed for a photo the gateway never stored), so every
 * other field is nullable and readers must cope (see {@link PhotoBson}).
 */
public record PhotoDoc(
        String photoId,
        Instant takenAt,
        Double lat,
        Double lon,
        Instant uploadedAt,
        String storageUrl,
        String contentType,
        Long sizeBytes,
        String sha256,
        String eventId,
        String clusterLabel,
        String owner) {

    /** A document the gateway wrote: it has a place and a time. */
    public boolean isComplete() {
        return takenAt != null && lat != null && lon != null;
    }
}
