package com.snapmap.gateway;

import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.TombstoneResolver;
import com.snapmap.core.geo.Haversine;
import com.snapmap.core.place.PlaceKey;
import com.snapmap.contract.MongoSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The read side: a photo with its read URL, an event (following merges), events near a place. */
public final class ReadService {

    /** Largest radius of GET /v1/events: half the Earth's circumference, the whole sphere. */
    public static final double MAX_RADIUS_M = Math.ceil(Math.PI * Haversine.EARTH_RADIUS_M);
    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 1000;
    /** At most 64 index ranges per query, whatever the zoom. */
    private static final ViewportCover COVER = new ViewportCover(MongoSchema.EVENT_CELL_PRECISION, 64);

    private final GatewayConfig config;
    private final BlobStore blobs;
    private final PhotoRepository repository;

    public ReadService(GatewayConfig config, BlobStore blobs, PhotoRepository repository) {
        this.config = config;
        this.blobs = blobs;
        this.repository = repository;
    }

    /**
     * The photo as stored. A document the job created for an upload the gateway never stored has
     * only its eventId: it is returned with what it has (absent fields are null), not refused.
     */
    public Map<String, Object> photo(String photoId) {
        PhotoDoc p = repository.findPhoto(photoId)
                .filter(found -> repository.findErasure(photoId).isEmpty()) // mid-erasure, or a stub the job wrote after it
                .orElseThrow(() -> ApiError.noSuchPhoto(photoId));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("photoId", p.photoId());
        m.put("takenAt", p.takenAt() == null ? null : p.takenAt().toString());
        m.put("uploadedAt", p.uploadedAt() == null ? null : p.uploadedAt().toString());
        m.put("location", p.lat() == null || p.lon() == null ? null
                : Map.of("type", "Point", "coordinates", List.of(p.lon(), p.lat())));
        m.put("storageUrl", p.storageUrl());
        m.put("readUrl", p.storageUrl() == null ? null : blobs.readUrl(p.photoId(), config.readUrlTtl()));
        m.put("contentType", p.contentType());
        m.put("sizeBytes", p.sizeBytes());
        m.put("sha256", p.sha256());
        m.put("eventId", p.eventId());
        return m;
    }

    /** The event, following {@code mergedInto} tombstones with the contract's one resolver. */
    public Map<String, Object> event(String eventId) {
        TombstoneResolver.Resolved<Map<String, Object>> r;
        try {
            r = TombstoneResolver.resolve(eventId, id -> repository.findEvent(id).orElse(null),
                    e -> e.get(MongoSchema.MERGED_INTO) == null ? null : e.get(MongoSchema.MERGED_INTO).toString());
        } catch (TombstoneResolver.TooManyHops e) {
            throw new ApiError(404, "id", e.getMessage());
        }
        if (r.document() == null) {
            throw new ApiError(404, "id", "no event " + r.eventId());
        }
        Map<String, Object> out = view(r.document());
        if (!r.mergedFrom().isEmpty()) {
            out.put("mergedFrom", r.mergedFrom());
        }
        return out;
    }

    /**
     * One page of the events whose centroid lies in a viewport ({@code bbox=west,south,east,north},
     * west > east crosses the antimeridian) or within {@code radiusM} of (lat, lon), and whose
     * [startAt, endAt] overlaps [from, to] (each optional). Candidates come from a cell-prefix cover
     * of the area (the portable {@code cell} index path), then an exact check in Java. With
     * {@code place} instead of an area: the events named by that place (its name's {@link PlaceKey},
     * so case and accents do not matter), with the same time filter and paging.
     */
    public Map<String, Object> events(String placeS, String bboxS, String latS, String lonS, String radiusS,
            String fromS, String toS, String limitS, String cursorS) {
        boolean circle = latS != null || lonS != null || radiusS != null;
        if (placeS != null) {
            if (bboxS != null || circle) {
                throw new ApiError(400, "place", "give either place, bbox or lat, lon and radiusM, not two of them");
            }
            return eventsAt(placeS, fromS, toS, limitS, cursorS);
        }
        if (bboxS != null && circle) {
            throw new ApiError(400, "bbox", "give either bbox or lat, lon and radiusM, not both");
        }
        Viewport area;
        Predicate<double[]> inside;
        if (bboxS != null) {
            Viewport box = Viewport.parse(bboxS);
            area = box;
            inside = c -> box.contains(c[1], c[0]);
        } else if (circle) {
            double lat = UploadValidation.checkRange(number(latS, "lat"), "lat", 90);
            double lon = UploadValidation.checkRange(number(lonS, "lon"), "lon", 180);
            double radius = number(radiusS, "radiusM");
            if (!(radius > 0) || radius > MAX_RADIUS_M) {
                throw new ApiError(400, "radiusM", "must be in (0, " + (long) MAX_RADIUS_M + "]");
            }
            area = Viewport.around(lat, lon, radius);
            inside = c -> Haversine.distanceMeters(lat, lon, c[1], c[0]) <= radius;
        } else {
            throw new ApiError(400, "bbox", "give bbox=west,south,east,north, or lat, lon and radiusM");
        }
        Instant[] range = timeRange(fromS, toS);
        Instant from = range[0];
        Instant to = range[1];
        int limit = limit(limitS);
        List<String> prefixes = COVER.cover(area);
        String query = PageCursor.queryOf("events", bboxS, latS, lonS, radiusS, fromS, toS);
        PageCursor after = PageCursor.decode(cursorS, query);
        List<Map<String, Object>> out = new ArrayList<>();
        int batchSize = Math.max(limit, 100); // some candidates fall outside the area: read ahead
        while (true) {
            List<Map<String, Object>> batch = repository.findEventsInCells(prefixes, from, to, after, batchSize);
            for (Map<String, Object> e : batch) {
                after = new PageCursor(String.valueOf(e.get(MongoSchema.CELL)), String.valueOf(e.get(MongoSchema.ID)));
                double[] c = centroid(e);
                if (c != null && inside.test(c)) {
                    out.add(view(e));
                    if (out.size() == limit) {
                        return page(out, after, query);
                    }
                }
            }
            if (batch.size() < batchSize) {
                return page(out, null, query);
            }
        }
    }

    private Map<String, Object> eventsAt(String placeS, String fromS, String toS, String limitS, String cursorS) {
        String key = PlaceKey.of(placeS);
        if (key.isEmpty()) {
            throw new ApiError(400, "place", "give a place name, e.g. place=Lyon");
        }
        Instant[] range = timeRange(fromS, toS);
        int limit = limit(limitS);
        String query = PageCursor.queryOf("events-at-place", key, fromS, toS);
        PageCursor after = PageCursor.decode(cursorS, query);
        List<Map<String, Object>> found = repository.findEventsAtPlace(key, range[0], range[1], after, limit + 1);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : found.subList(0, Math.min(limit, found.size()))) {
            out.add(view(e));
        }
        PageCursor next = found.size() > limit ? new PageCursor(key, String.valueOf(out.get(limit - 1).get("eventId"))) : null;
        return page(out, next, query);
    }

    private static Instant[] timeRange(String fromS, String toS) {
        Instant from = fromS == null ? null : ApiTimestamp.parse(fromS, "from");
        Instant to = toS == null ? null : ApiTimestamp.parse(toS, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw new ApiError(400, "to", "before from");
        }
        return new Instant[] {from, to};
    }

    /** One page of an event's photos in capture order, with short-lived read URLs; a merged-away id answers for its survivor. */
    public Map<String, Object> eventPhotos(String eventId, String limitS, String cursorS) {
        Map<String, Object> event = event(eventId);
        List<String> ids = new ArrayList<>();
        ids.add(String.valueOf(event.get("eventId")));
        Object mergedFrom = event.get("mergedFrom");
        if (mergedFrom instanceof List) {
            // Photos of a merged-away id may not be relabelled yet: they belong to the survivor all the same.
            ((List<?>) mergedFrom).forEach(id -> ids.add(String.valueOf(id)));
        }
        int limit = limit(limitS);
        String query = PageCursor.queryOf("eventPhotos", eventId);
        PageCursor after = PageCursor.decode(cursorS, query);
        if (after != null) {
            try {
                ApiTimestamp.parse(after.key(), "cursor");
            } catch (ApiError e) {
                throw new ApiError(400, "cursor", "not a cursor returned by this API");
            }
        }
        List<PhotoDoc> found = repository.findPhotosOfEvents(ids, after, limit + 1);
        List<PhotoDoc> page = found.subList(0, Math.min(limit, found.size()));
        // A photo whose erasure has begun is gone for readers, even while a failed delete left its document.
        Set<String> erased = repository.erasedAmong(page.stream().map(PhotoDoc::photoId).toList());
        List<Map<String, Object>> photos = new ArrayList<>();
        for (PhotoDoc p : page) {
            if (erased.contains(p.photoId())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("photoId", p.photoId());
            m.put("takenAt", p.takenAt().toString());
            m.put("location", Map.of("type", "Point", "coordinates", List.of(p.lon(), p.lat())));
            m.put("readUrl", blobs.readUrl(p.photoId(), config.readUrlTtl()));
            photos.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", ids.get(0));
        out.put("photos", photos);
        PhotoDoc last = found.size() > limit ? found.get(limit - 1) : null;
        out.put("nextCursor", last == null ? null : new PageCursor(last.takenAt().toString(), last.photoId()).encode(query));
        return out;
    }

    private static Map<String, Object> view(Map<String, Object> e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", e.get(MongoSchema.ID));
        e.forEach((k, v) -> {
            // placeKey is the index's, not the reader's: place has the name.
            if (!k.equals(MongoSchema.ID) && !k.equals(MongoSchema.PLACE_KEY)) {
                m.put(k, v);
            }
        });
        if (e.get(MongoSchema.MERGED_INTO) == null && e.get(MongoSchema.START_AT) != null && e.get(MongoSchema.END_AT) != null) {
            Object place = e.get(MongoSchema.PLACE);
            Map<?, ?> p = place instanceof Map ? (Map<?, ?>) place : Map.of();
            Object count = e.get(MongoSchema.PHOTO_COUNT);
            m.put("title", EventTitle.of((String) p.get(MongoSchema.PLACE_NAME), (String) p.get(MongoSchema.PLACE_REGION),
                    Instant.parse(e.get(MongoSchema.START_AT).toString()), Instant.parse(e.get(MongoSchema.END_AT).toString()),
                    count instanceof Number ? ((Number) count).longValue() : 0));
        }
        return m;
    }

    private static Map<String, Object> page(List<Map<String, Object>> events, PageCursor next, String query) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("nextCursor", next == null ? null : next.encode(query));
        return m;
    }

    private static int limit(String s) {
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        double v = number(s, "limit");
        if (v != Math.rint(v) || v < 1 || v > MAX_LIMIT) {
            throw new ApiError(400, "limit", "must be an integer in [1, " + MAX_LIMIT + "]");
        }
        return (int) v;
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
}
