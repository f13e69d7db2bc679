package com.snapmap.contract;

import static com.snapmap.contract.MongoSchema.*;

import com.snapmap.core.geo.Geohash;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** The one BSON encoding of {@link PhotoDoc}; decoding accepts every shape the system writes. */
public final class PhotoBson {

    private PhotoBson() {}

    /** The gateway's insert: everything but the clustering fields, with the cell the look-ups use. */
    public static Document toBson(PhotoDoc p) {
        Document d = new Document(ID, p.photoId());
        if (p.lat() != null && p.lon() != null) {
            d.append(LOCATION, GeoJson.point(p.lon(), p.lat()))
                    .append(CELL, Geohash.encode(p.lat(), p.lon(), PHOTO_CELL_PRECISION));
        }
        put(d, TAKEN_AT, p.takenAt() == null ? null : Date.from(p.takenAt()));
        put(d, UPLOADED_AT, p.uploadedAt() == null ? null : Date.from(p.uploadedAt()));
        put(d, STORAGE_URL, p.storageUrl());
        put(d, CONTENT_TYPE, p.contentType());
        put(d, SIZE_BYTES, p.sizeBytes());
        put(d, SHA256, p.sha256());
        put(d, EVENT_ID, p.eventId());
        put(d, CLUSTER_LABEL, p.clusterLabel());
        put(d, OWNER, p.owner());
        return d;
    }

    public static PhotoDoc fromBson(Document d) {
        Double lat = null;
        Double lon = null;
        if (d.get(LOCATION) instanceof Document loc && loc.get("coordinates") instanceof List<?> c && c.size() == 2
                && c.get(0) instanceof Number x && c.get(1) instanceof Number y) {
            lon = x.doubleValue();
            lat = y.doubleValue();
        }
        return new PhotoDoc(d.getString(ID), instant(d.get(TAKEN_AT)), lat, lon, instant(d.get(UPLOADED_AT)),
                string(d.get(STORAGE_URL)), string(d.get(CONTENT_TYPE)),
                d.get(SIZE_BYTES) instanceof Number n ? n.longValue() : null, string(d.get(SHA256)),
                string(d.get(EVENT_ID)), string(d.get(CLUSTER_LABEL)), string(d.get(OWNER)));
    }

    private static void put(Document d, String key, Object value) {
        if (value != null) {
            d.append(key, value);
        }
    }

    private static java.time.Instant instant(Object o) {
        return o instanceof Date date ? date.toInstant() : null;
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }
}
