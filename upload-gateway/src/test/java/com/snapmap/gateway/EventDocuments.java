package com.snapmap.gateway;

import com.snapmap.core.geo.Geohash;
import com.snapmap.contract.MongoSchema;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** Event documents shaped as the job stores them, for tests of the read routes and the map page to insert. */
final class EventDocuments {

    /** When an event made without times starts. */
    static final Instant T0 = Instant.parse("2024-06-01T10:00:00Z");

    private EventDocuments() {}

    /** An open event of three photos, 20 m across, at (lat, lon) from start to end. */
    static Document event(String id, double lat, double lon, Instant start, Instant end) {
        return new Document(MongoSchema.ID, id)
                .append(MongoSchema.CENTROID, new Document("type", "Point").append("coordinates", List.of(lon, lat)))
                .append(MongoSchema.RADIUS_METERS, 20.0)
                .append(MongoSchema.START_AT, Date.from(start))
                .append(MongoSchema.END_AT, Date.from(end))
                .append(MongoSchema.PHOTO_COUNT, 3L)
                .append(MongoSchema.STATUS, MongoSchema.STATUS_OPEN)
                .append(MongoSchema.CELL, Geohash.encode(lat, lon, MongoSchema.EVENT_CELL_PRECISION));
    }

    /** The same, ten minutes from {@link #T0}. */
    static Document event(String id, double lat, double lon) {
        return event(id, lat, lon, T0, T0.plusSeconds(600));
    }
}
