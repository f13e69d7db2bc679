package com.snapmap.job;

import java.util.HashMap;
import java.util.Map;

/**
 * The photos erased while their upload could still reach the hot path (docs/SEMANTICS.md, "Deleting
 * a photo"): an upload of one of them read after its erasure (a re-drive, a late duplicate; key
 * photoId, so the same partition and the same order) is never clustered. An id is kept only while
 * its upload could still be on time, until the watermark passes {@code takenAt + lateness}; after
 * that such an upload is too late, goes to the cold path, and the cold path finds the erasure
 * record. So the set holds the erasures of one lateness horizon, never more.
 */
public final class ErasedUploads {

    private final long latenessMillis;
    /** photoId → the watermark after which its upload would be too late anyway. */
    private final Map<String, Long> keepUntil = new HashMap<>();

    public ErasedUploads(long latenessMillis) {
        this.latenessMillis = latenessMillis;
    }

    /** Notes an erasure, and forgets the ones whose uploads can no longer be on time. */
    public void erase(String photoId, long takenAt, long watermark) {
        forget(watermark);
        long until = takenAt + latenessMillis;
        if (until >= watermark) {
            keepUntil.merge(photoId, until, Math::max);
        }
    }

    public boolean isErased(String photoId) {
        return keepUntil.containsKey(photoId);
    }

    /** Drops every id whose upload would now be too late for the hot path. */
    public void forget(long watermark) {
        keepUntil.values().removeIf(until -> until < watermark);
    }

    /** What a checkpoint keeps: photoId → the watermark it is kept until. */
    public Map<String, Long> entries() {
        return Map.copyOf(keepUntil);
    }

    /** After a restore (every subtask gets every entry: partitions may have moved). */
    public void restore(String photoId, long until) {
        keepUntil.merge(photoId, until, Math::max);
    }
}
