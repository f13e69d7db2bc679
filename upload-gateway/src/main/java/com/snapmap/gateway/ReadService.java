package com.snapmap.gateway;

import com.snapmap.core.geo.CellCover;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.geo.Haversine;
import com.snapmap.core.store.MongoSchema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The read side: a photo with its read URL, an event (following merges), events near a place. */
public final class ReadService {

    /** Largest radius of GET /v1/events: keeps the cell cover small. */
    public static final double MAX_RADIUS_M = 50_000;

    private final GatewayConfig config;
    private final BlobStore blobs;
    private final PhotoRepository repository;

    public ReadService(GatewayConfig config, BlobStore blobs, PhotoRepository repository) {
        this.config = config;
        this.blobs = blobs;
        this.repository = repository;
    }

    public Map<String, Object> photo(String photoId) {
        PhotoRecord p = repository.findPhoto(photoId)
                .orElseThrow(() -> new ApiError(404, "id", "no photo " + photoId));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("photoId", p.photoId());
        m.put("takenAt", p.takenAt().toString());
        m.put("uploadedAt", p.uploadedAt() == null ? null : p.uploadedAt().toString());
        m.put("location", Map.of("type", "Point", "coordinates", List.of(p.lon(), p.lat())));
        m.put("storageUrl", p.storageUrl());
        m.put("readUrl", blobs.readUrl(p.photoId(), config.readUrlTtl()));
        m.put("contentType", p.contentType());
        m.put("sizeBytes", p.sizeBytes());
        m.put("sha256", p.sha256());
        m.put("eventId", p.eventId());
        return m;
    }

    /** The event, following {@code mergedInto} tombstones at most {@code maxEventHops} times. */
    public Map<String, Object> event(String eventId) {
        String id = eventId;
        List<String> path = new ArrayList<>();
        for (int hop = 0; hop <= config.maxEventHops(); hop++) {
            String current = id;
            Map<String, Object> e = repository.findEvent(current)
                    .orElseThrow(() -> new ApiError(404, "id", "no event " + current));
            Object next = e.get(MongoSchema.MERGED_INTO);
            if (next == null) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("eventId", current);
                e.forEach((k, v) -> {
                    if (!k.equals(MongoSchema.ID)) {
                        out.put(k, v);
                    }
                });
                if (!path.isEmpty()) {
                    out.put("mergedFrom", path);
                }
                return out;
            }
            path.add(current);
            id = next.toString();
        }
        throw new ApiError(404, "id", "event " + eventId + " is merged more than " + config.maxEventHops() + " times");
    }

    /** Events whose centroid lies within radiusM of (lat, lon) and whose time span overlaps [from, to]. */
    public List<Map<String, Object>> eventsNear(String latS, String lonS, String radiusS, String fromS, String toS) {
        double lat = UploadService.checkRange(number(latS, "lat"), "lat", 90);
        double lon = UploadService.checkRange(number(lonS, "lon"), "lon", 180);
        double radius = number(radiusS, "radiusM");
        if (!(radius > 0) || radius > MAX_RADIUS_M) {
            throw new ApiError(400, "radiusM", "must be in (0, " + (long) MAX_RADIUS_M + "]");
        }
        Instant from = instant(fromS, "from");
        Instant to = instant(toS, "to");
        if (to.isBefore(from)) {
            throw new ApiError(400, "to", "before from");
        }
        Set<String> cells = new LinkedHashSet<>();
        try {
            cells.addAll(new CellCover(MongoSchema.EVENT_CELL_PRECISION, radius).cover(lat, lon));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "radiusM", e.getMessage());
        }
        cells.add(Geohash.encode(lat, lon, MongoSchema.EVENT_CELL_PRECISION));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : repository.findEvents(cells, from, to)) {
            double[] c = centroid(e);
            if (c != null && Haversine.distanceMeters(lat, lon, c[1], c[0]) <= radius) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("eventId", e.get(MongoSchema.ID));
                e.forEach((k, v) -> {
                    if (!k.equals(MongoSchema.ID)) {
                        m.put(k, v);
                    }
                });
                out.add(m);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static double[] centroid(Map<String, Object> e) {
        Object c = e.get(MongoSchema.CENTROID);
        if (!(c instanceof Map)) {
            return null;
        }
        Object coords = ((Map<String, Object>) c).get("coordinates");
        if (!(coords instanceof List) || ((List<?>) coords).size() != 2) {
            return null;
        }
        List<Number> l = (List<Number>) coords;
        return new double[] {l.get(0).doubleValue(), l.get(1).doubleValue()};
    }

    private static double number(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new ApiError(400, field, "required");
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, field, "'" + s + "' is not a number");
        }
    }

    private static Instant instant(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new ApiError(400, field, "required");
        }
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiError(400, field, "'" + s + "' is not an ISO-8601 timestamp");
        }
    }
}
