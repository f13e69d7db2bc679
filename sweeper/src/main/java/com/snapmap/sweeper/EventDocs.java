package com.snapmap.sweeper;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.store.MongoSchema;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Event documents as the sweeper reads and writes them, in the schema of {@link MongoSchema}
 * (the same one the streaming job writes).
 */
final class EventDocs {

    private EventDocs() {}

    /** A summary rebuilt from a stored document; the centroid weights each member equally. */
    static EventSummary summaryOf(Document d) {
        EventSummary s = new EventSummary();
        long count = ((Number) d.get(MongoSchema.PHOTO_COUNT)).longValue();
        @SuppressWarnings("unchecked")
        List<Number> c = (List<Number>) ((Document) d.get(MongoSchema.CENTROID)).get("coordinates");
        double lat = Math.toRadians(c.get(1).doubleValue());
        double lon = Math.toRadians(c.get(0).doubleValue());
        s.count = count;
        s.sumX = count * Math.cos(lat) * Math.cos(lon);
        s.sumY = count * Math.cos(lat) * Math.sin(lon);
        s.sumZ = count * Math.sin(lat);
        @SuppressWarnings("unchecked")
        List<Number> bbox = (List<Number>) d.get(MongoSchema.BBOX);
        s.west = bbox.get(0).doubleValue();
        s.minLat = bbox.get(1).doubleValue();
        s.maxLat = bbox.get(3).doubleValue();
        s.lonWidth = ((bbox.get(2).doubleValue() - s.west) % 360 + 360) % 360;
        s.startAt = d.getDate(MongoSchema.START_AT).getTime();
        s.endAt = d.getDate(MongoSchema.END_AT).getTime();
        s.firstTakenAt = s.startAt; // the first photo is the earliest one
        s.firstPhotoId = d.getString(MongoSchema.FIRST_PHOTO_ID);
        return s;
    }

    static Document closedEvent(String id, EventSummary s, long version, long now) {
        double[] bbox = s.bbox();
        double lat = s.centroidLat();
        double lon = s.centroidLon();
        return new Document(MongoSchema.ID, id)
                .append(MongoSchema.CENTROID, new Document("type", "Point").append("coordinates", List.of(lon, lat)))
                .append(MongoSchema.BBOX, List.of(bbox[0], bbox[1], bbox[2], bbox[3]))
                .append(MongoSchema.RADIUS_METERS, s.radiusMeters())
                .append(MongoSchema.START_AT, new Date(s.startAt))
                .append(MongoSchema.END_AT, new Date(s.endAt))
                .append(MongoSchema.PHOTO_COUNT, s.count)
                .append(MongoSchema.VERSION, version)
                .append(MongoSchema.STATUS, MongoSchema.STATUS_CLOSED)
                .append(MongoSchema.UPDATED_AT, new Date(now))
                .append(MongoSchema.FIRST_PHOTO_ID, s.firstPhotoId)
                .append(MongoSchema.CELL, Geohash.encode(lat, lon, MongoSchema.EVENT_CELL_PRECISION));
    }

    static Document tombstone(String id, String mergedInto, long version, long now) {
        return new Document(MongoSchema.ID, id).append(MongoSchema.MERGED_INTO, mergedInto)
                .append(MongoSchema.VERSION, version).append(MongoSchema.UPDATED_AT, new Date(now));
    }

    static long version(Document d) {
        Object v = d.get(MongoSchema.VERSION);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
