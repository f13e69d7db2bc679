package com.snapmap.job.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.job.model.EventDocument;
import java.time.Instant;

/**
 * The JSON form of an event document, shaped like the MongoDB {@code events} document
 * (DESIGN.md §4): GeoJSON centroid, [west, south, east, north] bbox, ISO-8601 times.
 */
public final class EventDocumentJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventDocumentJson() {}

    public static ObjectNode toNode(EventDocument d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(MongoSchema.ID, d.eventId);
        if (d.isTombstone()) {
            n.put(MongoSchema.MERGED_INTO, d.mergedInto);
            n.put(MongoSchema.VERSION, d.version);
            n.put(MongoSchema.UPDATED_AT, Instant.ofEpochMilli(d.updatedAt).toString());
            return n;
        }
        ObjectNode centroid = n.putObject(MongoSchema.CENTROID);
        centroid.put("type", "Point");
        centroid.putArray("coordinates").add(d.centroidLon).add(d.centroidLat);
        n.putArray(MongoSchema.BBOX).add(d.west).add(d.south).add(d.east).add(d.north);
        n.put(MongoSchema.RADIUS_METERS, d.radiusMeters);
        n.put(MongoSchema.START_AT, Instant.ofEpochMilli(d.startAt).toString());
        n.put(MongoSchema.END_AT, Instant.ofEpochMilli(d.endAt).toString());
        n.put(MongoSchema.PHOTO_COUNT, d.photoCount);
        n.put(MongoSchema.VERSION, d.version);
        n.put(MongoSchema.STATUS, d.status);
        n.put(MongoSchema.UPDATED_AT, Instant.ofEpochMilli(d.updatedAt).toString());
        n.put(MongoSchema.FIRST_PHOTO_ID, d.firstPhotoId);
        n.put(MongoSchema.CELL, d.cell);
        return n;
    }

    public static String toJson(EventDocument d) {
        return toNode(d).toString();
    }
}
