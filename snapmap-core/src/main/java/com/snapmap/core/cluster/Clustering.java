package com.snapmap.core.cluster;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** A partition of photos into events: photoId → eventId, and each event's summary. */
public final class Clustering {

    private final Map<String, String> eventOfPhoto;
    private final Map<String, EventSummary> events;

    public Clustering(Map<String, String> eventOfPhoto, Map<String, EventSummary> events) {
        this.eventOfPhoto = Collections.unmodifiableMap(new HashMap<>(eventOfPhoto));
        this.events = Collections.unmodifiableMap(new HashMap<>(events));
    }

    public Map<String, String> eventOfPhoto() {
        return eventOfPhoto;
    }

    public Map<String, EventSummary> events() {
        return events;
    }

    public String eventOf(String photoId) {
        return eventOfPhoto.get(photoId);
    }
}
