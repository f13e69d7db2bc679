package com.snapmap.gateway;

import static com.snapmap.core.store.MongoSchema.*;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.snapmap.core.geo.Geohash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link PhotoRepository} on MongoDB (mongodb-driver-sync), field names from MongoSchema. */
public final class MongoPhotoRepository implements PhotoRepository {

    public static final String IDEMPOTENCY = "idempotency";

    private final MongoCollection<Document> photos;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> idempotency;

    public MongoPhotoRepository(MongoClient client, String database) {
        MongoDatabase db = client.getDatabase(database);
        this.photos = db.getCollection(PHOTOS);
        this.events = db.getCollection(EVENTS);
        this.idempotency = db.getCollection(IDEMPOTENCY);
    }

    /** Creates the indexes the gateway's queries use; call once at startup. */
    public MongoPhotoRepository ensureIndexes() {
        photos.createIndex(Indexes.ascending(CELL, TAKEN_AT));
        photos.createIndex(Indexes.ascending(UPLOADED_AT));
        photos.createIndex(Indexes.ascending(EVENT_ID));
        events.createIndex(Indexes.ascending(CELL, END_AT));
        idempotency.createIndex(Indexes.ascending("createdAt"), new IndexOptions());
        return this;
    }

    @Override
    public void insert(PhotoRecord p) throws StoreUnavailableException {
        Document doc = new Document(ID, p.photoId())
                .append(LOCATION, new Document("type", "Point").append("coordinates", List.of(p.lon(), p.lat())))
                .append(CELL, Geohash.encode(p.lat(), p.lon(), PHOTO_CELL_PRECISION))
                .append(TAKEN_AT, Date.from(p.takenAt()))
                .append(UPLOADED_AT, Date.from(p.uploadedAt()))
                .append(STORAGE_URL, p.storageUrl())
                .append(CONTENT_TYPE, p.contentType())
                .append(SIZE_BYTES, p.sizeBytes())
                .append(SHA256, p.sha256());
        try {
            photos.insertOne(doc);
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "insert of photo " + p.photoId() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<PhotoRecord> findPhoto(String photoId) {
        return Optional.ofNullable(photos.find(Filters.eq(ID, photoId)).first()).map(MongoPhotoRepository::record);
    }

    private static PhotoRecord record(Document d) {
        List<?> coords = d.get(LOCATION, Document.class).getList("coordinates", Object.class);
        return new PhotoRecord(
                d.getString(ID),
                d.getDate(TAKEN_AT).toInstant(),
                ((Number) coords.get(1)).doubleValue(),
                ((Number) coords.get(0)).doubleValue(),
                d.getDate(UPLOADED_AT) == null ? null : d.getDate(UPLOADED_AT).toInstant(),
                d.getString(STORAGE_URL),
                d.getString(CONTENT_TYPE),
                d.get(SIZE_BYTES) instanceof Number ? ((Number) d.get(SIZE_BYTES)).longValue() : 0,
                d.getString(SHA256),
                d.getString(EVENT_ID));
    }

    @Override
    public Optional<Map<String, Object>> findEvent(String eventId) {
        return Optional.ofNullable(events.find(Filters.eq(ID, eventId)).first()).map(MongoPhotoRepository::plain);
    }

    @Override
    public List<Map<String, Object>> findEventsInCells(
            List<String> cellPrefixes, Instant from, Instant to, PageCursor after, int limit) {
        List<Bson> ranges = new ArrayList<>();
        for (String prefix : cellPrefixes) {
            // A prefix is an index range: geohash characters all sort below '~'.
            ranges.add(Filters.and(Filters.gte(CELL, prefix), Filters.lt(CELL, prefix + "~")));
        }
        List<Bson> filter = new ArrayList<>();
        filter.add(ranges.size() == 1 ? ranges.get(0) : Filters.or(ranges));
        if (to != null) {
            filter.add(Filters.lte(START_AT, Date.from(to)));
        }
        if (from != null) {
            filter.add(Filters.gte(END_AT, Date.from(from)));
        }
        if (after != null) {
            filter.add(Filters.or(Filters.gt(CELL, after.key()),
                    Filters.and(Filters.eq(CELL, after.key()), Filters.gt(ID, after.id()))));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        events.find(Filters.and(filter)).sort(Sorts.ascending(CELL, ID)).limit(limit).forEach(d -> out.add(plain(d)));
        return out;
    }

    @Override
    public List<PhotoRecord> findPhotosOfEvents(Collection<String> eventIds, PageCursor after, int limit) {
        Bson filter = Filters.in(EVENT_ID, eventIds);
        if (after != null) {
            Date takenAt = Date.from(Instant.parse(after.key()));
            filter = Filters.and(filter, Filters.or(Filters.gt(TAKEN_AT, takenAt),
                    Filters.and(Filters.eq(TAKEN_AT, takenAt), Filters.gt(ID, after.id()))));
        }
        List<PhotoRecord> out = new ArrayList<>();
        photos.find(filter).sort(Sorts.ascending(TAKEN_AT, ID)).limit(limit).forEach(d -> out.add(record(d)));
        return out;
    }

    @Override
    public Optional<IdempotentResponse> findIdempotentResponse(String key) {
        return Optional.ofNullable(idempotency.find(Filters.and(Filters.eq(ID, key), Filters.exists("response"))).first())
                .map(d -> new IdempotentResponse(d.getString("fingerprint"), d.getString("response")));
    }

    @Override
    public boolean claimIdempotencyKey(String key, String fingerprint, Instant now, java.time.Duration staleAfter)
            throws StoreUnavailableException {
        try {
            idempotency.insertOne(new Document(ID, key).append("fingerprint", fingerprint).append("createdAt", Date.from(now)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw new StoreUnavailableException("mongo", "idempotency claim failed: " + e.getMessage(), e);
            }
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "idempotency claim failed: " + e.getMessage(), e);
        }
        // Held already: take it over only if its owner never finished and is long gone.
        return idempotency.updateOne(
                        Filters.and(Filters.eq(ID, key), Filters.exists("response", false),
                                Filters.lt("createdAt", Date.from(now.minus(staleAfter)))),
                        Updates.combine(Updates.set("createdAt", Date.from(now)), Updates.set("fingerprint", fingerprint)))
                .getModifiedCount() == 1;
    }

    @Override
    public void completeIdempotencyKey(String key, String photoId, String responseJson) throws StoreUnavailableException {
        try {
            idempotency.updateOne(Filters.eq(ID, key),
                    Updates.combine(Updates.set("photoId", photoId), Updates.set("response", responseJson)));
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "idempotency record failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void releaseIdempotencyKey(String key) {
        try {
            idempotency.deleteOne(Filters.and(Filters.eq(ID, key), Filters.exists("response", false)));
        } catch (MongoException e) {
            // the claim goes stale and is taken over later
        }
    }

    /** BSON document to JSON-ready values: dates become ISO-8601 strings. */
    static Map<String, Object> plain(Document d) {
        Map<String, Object> m = new LinkedHashMap<>();
        d.forEach((k, v) -> m.put(k, plainValue(v)));
        return m;
    }

    private static Object plainValue(Object v) {
        if (v instanceof Date) {
            return ((Date) v).toInstant().toString();
        }
        if (v instanceof Document) {
            return plain((Document) v);
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<?>) v).forEach(x -> l.add(plainValue(x)));
            return l;
        }
        if (v instanceof org.bson.types.ObjectId) {
            return v.toString();
        }
        return v;
    }
}
