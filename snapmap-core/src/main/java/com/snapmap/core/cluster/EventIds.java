package com.snapmap.core.cluster;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event identity (DESIGN.md §1): an event's id is a name-based UUID of its first photo, the
 * member earliest by (takenAt, photoId). Deterministic, so every run, parallelism and replay
 * names the same event the same way.
 */
public final class EventIds {

    private EventIds() {}

    public static String forFirstPhoto(String photoId) {
        return UUID.nameUUIDFromBytes(("snapmap-event:" + photoId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
