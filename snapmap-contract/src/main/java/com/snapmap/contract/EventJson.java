package com.snapmap.contract;

import static com.snapmap.contract.MongoSchema.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.snapmap.core.place.Place;
import java.time.Instant;

/**
 * The one JSON encoding of {@link EventDoc} ({@code event-updates}, files, the API): the shape of
 * the BSON document, with ISO-8601 times.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {}

    public static ObjectNode toNode(EventDoc d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(ID, d.eventId);
        if (d.isTombstone()) {
            n.put(MERGED_INTO, d.mergedInto);
            if (d.splitInto != null) {
                var parts = n.putArray(EventDoc.SPLIT_INTO);
                for (String p : d.splitInto) {
                    parts.add(p);
                }
            }
            n.put(VERSION, d.version);
            n.put(UPDATED_AT, Instant.ofEpochMilli(d.updatedAt).toString());
            return n;
        }
        ObjectNode centroid = n.putObject(CENTROID);
        centroid.put("type", "Point");
        centroid.putArray("coordinates").add(d.centroidLon).add(d.centroidLat);
        n.putArray(BBOX).add(d.west).add(d.south).add(d.east).add(d.north);
        n.put(RADIUS_METERS, d.radiusMeters);
        n.put(START_AT, Instant.ofEpochMilli(d.startAt).toString());
        n.put(END_AT, Instant.ofEpochMilli(d.endAt).toString());
        n.put(PHOTO_COUNT, d.photoCount);
        n.put(VERSION, d.version);
        n.put(STATUS, d.status);
        n.put(UPDATED_AT, Instant.ofEpochMilli(d.updatedAt).toString());
        n.put(FIRST_PHOTO_ID, d.firstPhotoId);
        n.put(CELL, d.cell);
        if (d.area != null) {
            n.set(AREA, MAPPER.valueToTree(GeoJson.footprint(d.area)));
        }
        if (d.place != null) {
            n.putObject(PLACE).put(PLACE_NAME, d.place.name()).put(PLACE_REGION, d.place.region())
                    .put(PLACE_COUNTRY, d.place.countryCode());
            n.put(PLACE_KEY, d.place.key());
        }
        if (d.owner != null) {
            n.put(OWNER, d.owner);
        }
        return n;
    }

    public static String toJson(EventDoc d) {
        return toNode(d).toString();
    }

    public static EventDoc fromJson(String json) {
        try {
            return fromNode(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event document: " + e.getOriginalMessage(), e);
        }
    }

    public static EventDoc fromNode(JsonNode n) {
        EventDoc d = new EventDoc();
        d.eventId = n.path(ID).asText(null);
        d.version = n.path(VERSION).asLong();
        d.updatedAt = time(n.path(UPDATED_AT));
        if (n.hasNonNull(MERGED_INTO)) {
            d.mergedInto = n.get(MERGED_INTO).asText();
            if (n.hasNonNull(EventDoc.SPLIT_INTO)) {
                JsonNode parts = n.get(EventDoc.SPLIT_INTO);
                d.splitInto = new String[parts.size()];
                for (int i = 0; i < parts.size(); i++) {
                    d.splitInto[i] = parts.get(i).asText();
                }
            }
            return d;
        }
        JsonNode c = n.path(CENTROID).path("coordinates");
        d.centroidLon = c.path(0).asDouble();
        d.centroidLat = c.path(1).asDouble();
        JsonNode b = n.path(BBOX);
        d.west = b.path(0).asDouble();
        d.south = b.path(1).asDouble();
        d.east = b.path(2).asDouble();
        d.north = b.path(3).asDouble();
        d.radiusMeters = n.path(RADIUS_METERS).asDouble();
        d.startAt = time(n.path(START_AT));
        d.endAt = time(n.path(END_AT));
        d.photoCount = n.path(PHOTO_COUNT).asLong();
        d.status = n.path(STATUS).asText(null);
        d.firstPhotoId = n.path(FIRST_PHOTO_ID).asText(null);
        d.cell = n.path(CELL).asText(null);
        if (n.path(AREA).isObject()) {
            d.area = GeoJson.positions(org.bson.Document.parse(n.get(AREA).toString()));
        }
        JsonNode place = n.path(PLACE);
        if (place.isObject()) {
            d.place = new Place(place.path(PLACE_NAME).asText(), place.path(PLACE_REGION).asText(),
                    place.path(PLACE_COUNTRY).asText());
        }
        d.owner = n.path(OWNER).asText(null);
        return d;
    }

    private static long time(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()).toEpochMilli() : 0;
    }
}
