package com.snapmap.contract;

import static com.snapmap.contract.MongoSchema.*;

import com.snapmap.core.place.Place;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** The one BSON encoding of {@link EventDoc} (the {@code events} collection). */
public final class EventBson {

    private EventBson() {}

    public static Document toBson(EventDoc d) {
        Document doc = new Document(ID, d.eventId);
        if (d.isTombstone()) {
            doc.append(MERGED_INTO, d.mergedInto);
            if (d.splitInto != null) {
                doc.append(EventDoc.SPLIT_INTO, List.of(d.splitInto));
            }
            return doc.append(VERSION, d.version).append(UPDATED_AT, new Date(d.updatedAt));
        }
        doc.append(CENTROID, GeoJson.point(d.centroidLon, d.centroidLat))
                .append(BBOX, List.of(d.west, d.south, d.east, d.north))
                .append(RADIUS_METERS, d.radiusMeters)
                .append(START_AT, new Date(d.startAt))
                .append(END_AT, new Date(d.endAt))
                .append(PHOTO_COUNT, d.photoCount)
                .append(VERSION, d.version)
                .append(STATUS, d.status)
                .append(UPDATED_AT, new Date(d.updatedAt))
                .append(FIRST_PHOTO_ID, d.firstPhotoId)
                .append(CELL, d.cell);
        if (d.area != null) {
            doc.append(AREA, GeoJson.footprint(d.area));
        }
        if (d.place != null) {
            doc.append(PLACE, new Document(PLACE_NAME, d.place.name()).append(PLACE_REGION, d.place.region())
                    .append(PLACE_COUNTRY, d.place.countryCode()));
            doc.append(PLACE_KEY, d.place.key());
        }
        if (d.owner != null) {
            doc.append(OWNER, d.owner);
        }
        return doc;
    }

    public static EventDoc fromBson(Document doc) {
        EventDoc d = new EventDoc();
        d.eventId = doc.getString(ID);
        d.version = number(doc.get(VERSION)).longValue();
        d.updatedAt = time(doc.get(UPDATED_AT));
        if (doc.getString(MERGED_INTO) != null) {
            d.mergedInto = doc.getString(MERGED_INTO);
            List<String> parts = doc.getList(EventDoc.SPLIT_INTO, String.class);
            d.splitInto = parts == null ? null : parts.toArray(String[]::new);
            return d;
        }
        List<Double> c = doubles(((Document) doc.get(CENTROID)).get("coordinates"));
        d.centroidLon = c.get(0);
        d.centroidLat = c.get(1);
        List<Double> bbox = doubles(doc.get(BBOX));
        d.west = bbox.get(0);
        d.south = bbox.get(1);
        d.east = bbox.get(2);
        d.north = bbox.get(3);
        d.radiusMeters = number(doc.get(RADIUS_METERS)).doubleValue();
        d.startAt = time(doc.get(START_AT));
        d.endAt = time(doc.get(END_AT));
        d.photoCount = number(doc.get(PHOTO_COUNT)).longValue();
        d.status = doc.getString(STATUS);
        d.firstPhotoId = doc.getString(FIRST_PHOTO_ID);
        d.cell = doc.getString(CELL);
        Object area = doc.get(AREA);
        d.area = area instanceof Document ? GeoJson.positions((Document) area) : null;
        Object place = doc.get(PLACE);
        if (place instanceof Document) {
            Document p = (Document) place;
            d.place = new Place(p.getString(PLACE_NAME), p.getString(PLACE_REGION), p.getString(PLACE_COUNTRY));
        }
        d.owner = doc.getString(OWNER);
        return d;
    }

    private static Number number(Object o) {
        return o == null ? 0 : (Number) o;
    }

    private static long time(Object o) {
        return o instanceof Date ? ((Date) o).getTime() : 0;
    }

    static List<Double> doubles(Object list) {
        List<Double> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(((Number) o).doubleValue());
        }
        return out;
    }
}
