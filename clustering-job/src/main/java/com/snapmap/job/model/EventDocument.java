package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.store.MongoSchema;

/**
 * An event document as written to MongoDB {@code events} and the {@code event-updates} feed:
 * absolute values, so writing the same document twice (a replay) changes nothing. A tombstone has
 * only {@code eventId}, {@code mergedInto}, {@code version} and {@code updatedAt}.
 */
public class EventDocument {

    public String eventId;
    /** Set on a tombstone: the event this id was merged into. */
    public String mergedInto;
    public double centroidLat;
    public double centroidLon;
    public double west;
    public double south;
    public double east;
    public double north;
    public double radiusMeters;
    public long startAt;
    public long endAt;
    public long photoCount;
    public long version;
    public String status;
    public long updatedAt;
    public String firstPhotoId;
    public String cell;

    public EventDocument() {}

    public static EventDocument of(String eventId, EventSummary s, long version, boolean closed, long updatedAt) {
        EventDocument d = new EventDocument();
        d.eventId = eventId;
        d.centroidLat = s.centroidLat();
        d.centroidLon = s.centroidLon();
        double[] bbox = s.bbox();
        d.west = bbox[0];
        d.south = bbox[1];
        d.east = bbox[2];
        d.north = bbox[3];
        d.radiusMeters = s.radiusMeters();
        d.startAt = s.startAt;
        d.endAt = s.endAt;
        d.photoCount = s.count;
        d.version = version;
        d.status = closed ? MongoSchema.STATUS_CLOSED : MongoSchema.STATUS_OPEN;
        d.updatedAt = updatedAt;
        d.firstPhotoId = s.firstPhotoId;
        d.cell = Geohash.encode(d.centroidLat, d.centroidLon, MongoSchema.EVENT_CELL_PRECISION);
        return d;
    }

    public static EventDocument tombstone(String eventId, String mergedInto, long version, long updatedAt) {
        EventDocument d = new EventDocument();
        d.eventId = eventId;
        d.mergedInto = mergedInto;
        d.version = version;
        d.updatedAt = updatedAt;
        return d;
    }

    public boolean isTombstone() {
        return mergedInto != null;
    }

    @Override
    public String toString() {
        return isTombstone()
                ? "Tombstone(" + eventId + " -> " + mergedInto + ")"
                : "Event(" + eventId + ", n=" + photoCount + ", v" + version + ", " + status + ")";
    }
}
