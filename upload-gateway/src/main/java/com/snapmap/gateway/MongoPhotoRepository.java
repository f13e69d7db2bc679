package com.snapmap.gateway;

import static com.snapmap.contract.MongoSchema.*;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.snapmap.contract.Erasures;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.SnapmapIndexes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link PhotoRepository} on MongoDB (mongodb-driver-sync), field names from MongoSchema. */
public final class MongoPhotoRepository implements PhotoRepository {

    private static final String FINGERPRINT = "fingerprint";
    private static final String RESPONSE = "response";

    private final MongoDatabase db;
    private final MongoCollection<Document> photos;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> idempotency;
    private final MongoCollection<Document> erasures;

    public MongoPhotoRepository(MongoClient client, String database) {
        this.db = client.getDatabase(database);
        this.photos = db.getCollection(PHOTOS);
        this.events = db.getCollection(EVENTS);
        this.idempotency = db.getCollection(IDEMPOTENCY);
        this.erasures = db.getCollection(ERASURES);
    }

    /**
     * Creates the system's indexes (the contract's one function, which the job and the sweeper
     * call too) with the gateway's Idempotency-Key retention as the idempotency TTL; call at start.
     */
    public MongoPhotoRepository ensureIndexes() {
        return ensureIndexes(Duration.ofSeconds(com.snapmap.contract.Defaults.IDEMPOTENCY_TTL_S));
    }

    /** As {@link #ensureIndexes()}, with the configured Idempotency-Key retention. */
    public MongoPhotoRepository ensureIndexes(Duration idempotencyTtl) {
        SnapmapIndexes.ensure(db, idempotencyTtl);
        return this;
    }

    @Override
    public void insert(PhotoDoc p, String uploader) throws StoreUnavailableException {
        Document d = PhotoBson.toBson(p);
        if (uploader != null) {
            d.append(UPLOADER, uploader);
        }
        try {
            photos.insertOne(d);
        } catch (MongoTimeoutException e) {
            throw StoreUnavailableException.neverSent("mongo", "insert of photo " + p.photoId() + " failed: " + e.getMessage(), e);
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "insert of photo " + p.photoId() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<PhotoDoc> findPhoto(String photoId) {
        return Optional.ofNullable(photos.find(Filters.eq(ID, photoId)).first()).map(PhotoBson::fromBson);
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
        addOverlap(filter, from, to);
        if (after != null) {
            filter.add(Filters.or(Filters.gt(CELL, after.key()),
                    Filters.and(Filters.eq(CELL, after.key()), Filters.gt(ID, after.id()))));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        events.find(Filters.and(filter)).sort(Sorts.ascending(CELL, ID)).limit(limit).forEach(d -> out.add(plain(d)));
        return out;
    }

    @Override
    public List<Map<String, Object>> findEventsAtPlace(String placeKey, Instant from, Instant to, PageCursor after, int limit) {
        List<Bson> filter = new ArrayList<>();
        filter.add(Filters.eq(PLACE_KEY, placeKey));
        addOverlap(filter, from, to);
        if (after != null) {
            filter.add(Filters.gt(ID, after.id()));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        events.find(Filters.and(filter)).sort(Sorts.ascending(PLACE_KEY, ID)).limit(limit).forEach(d -> out.add(plain(d)));
        return out;
    }

    /** [startAt, endAt] overlaps [from, to]; a null end is unbounded. */
    private static void addOverlap(List<Bson> filter, Instant from, Instant to) {
        if (to != null) {
            filter.add(Filters.lte(START_AT, Date.from(to)));
        }
        if (from != null) {
            filter.add(Filters.gte(END_AT, Date.from(from)));
        }
    }

    @Override
    public List<PhotoDoc> findPhotosOfEvents(Collection<String> eventIds, PageCursor after, int limit) {
        // Only photos with a time and a place: a document the job created alone has neither.
        Bson filter = Filters.and(Filters.in(EVENT_ID, eventIds), Filters.exists(TAKEN_AT), Filters.exists(LOCATION));
        if (after != null) {
            Date takenAt = Date.from(Instant.parse(after.key()));
            filter = Filters.and(filter, Filters.or(Filters.gt(TAKEN_AT, takenAt),
                    Filters.and(Filters.eq(TAKEN_AT, takenAt), Filters.gt(ID, after.id()))));
        }
        List<PhotoDoc> out = new ArrayList<>();
        photos.find(filter).sort(Sorts.ascending(TAKEN_AT, ID)).limit(limit).forEach(d -> out.add(PhotoBson.fromBson(d)));
        return out;
    }

    @Override
    public Optional<IdempotencyClaim> findIdempotencyClaim(String key) {
        return Optional.ofNullable(idempotency.find(Filters.eq(ID, key)).first())
                .map(d -> new IdempotencyClaim(d.getString(FINGERPRINT), d.getString(PHOTO_ID),
                        d.getDate(CREATED_AT) == null ? Instant.EPOCH : d.getDate(CREATED_AT).toInstant(),
                        d.getString(RESPONSE)));
    }

    @Override
    public boolean claimIdempotencyKey(String key, String fingerprint, String photoId, Instant now)
            throws StoreUnavailableException {
        try {
            idempotency.insertOne(new Document(ID, key).append(FINGERPRINT, fingerprint).append(PHOTO_ID, photoId)
                    .append(CREATED_AT, Date.from(now)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw new StoreUnavailableException("mongo", "idempotency claim failed: " + e.getMessage(), e);
            }
            return false;
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "idempotency claim failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean takeOverIdempotencyKey(String key, Instant heldSince, String fingerprint, String photoId, Instant now)
            throws StoreUnavailableException {
        try {
            return idempotency.updateOne(
                            Filters.and(Filters.eq(ID, key), Filters.exists(RESPONSE, false),
                                    Filters.eq(CREATED_AT, Date.from(heldSince))),
                            Updates.combine(Updates.set(CREATED_AT, Date.from(now)), Updates.set(FINGERPRINT, fingerprint),
                                    Updates.set(PHOTO_ID, photoId)))
                    .getModifiedCount() == 1;
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "idempotency takeover failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void completeIdempotencyKey(String key, String photoId, String responseJson) throws StoreUnavailableException {
        try {
            idempotency.updateOne(Filters.eq(ID, key),
                    Updates.combine(Updates.set(PHOTO_ID, photoId), Updates.set(RESPONSE, responseJson)));
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "idempotency record failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void releaseIdempotencyKey(String key) {
        try {
            idempotency.deleteOne(Filters.and(Filters.eq(ID, key), Filters.exists(RESPONSE, false)));
        } catch (MongoException e) {
            // the claim goes stale and is taken over later
        }
    }

    @Override
    public Optional<OwnedPhoto> findOwnedPhoto(String photoId) {
        return Optional.ofNullable(photos.find(Filters.eq(ID, photoId)).first()).map(MongoPhotoRepository::owned);
    }

    @Override
    public List<OwnedPhoto> findPhotosOfUploader(String uploader, int limit) {
        List<OwnedPhoto> out = new ArrayList<>();
        photos.find(Filters.eq(UPLOADER, uploader)).sort(Sorts.ascending(ID)).limit(limit).forEach(d -> out.add(owned(d)));
        return out;
    }

    private static OwnedPhoto owned(Document d) {
        return new OwnedPhoto(PhotoBson.fromBson(d), d.getString(UPLOADER));
    }

    @Override
    public Optional<ErasureRecord> findErasure(String photoId) {
        return Optional.ofNullable(erasures.find(Filters.eq(ID, photoId)).first()).map(d -> new ErasureRecord(
                d.getString(ID), d.getString(UPLOADER), d.getDate(ERASED_AT) == null ? Instant.EPOCH : d.getDate(ERASED_AT).toInstant()));
    }

    @Override
    public Set<String> erasedAmong(Collection<String> photoIds) {
        return Erasures.erasedAmong(erasures, photoIds);
    }

    @Override
    public void recordErasure(ErasureRecord e) throws StoreUnavailableException {
        Document fields = new Document(ERASED_AT, Date.from(e.erasedAt()));
        if (e.uploader() != null) {
            fields.append(UPLOADER, e.uploader());
        }
        try {
            erasures.updateOne(Filters.eq(ID, e.photoId()), new Document("$setOnInsert", fields), new UpdateOptions().upsert(true));
        } catch (MongoException ex) {
            throw new StoreUnavailableException("mongo", "erasure record of " + e.photoId() + " failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void forgetIdempotentResponses(String photoId) throws StoreUnavailableException {
        try {
            idempotency.updateMany(Filters.eq(PHOTO_ID, photoId), Updates.combine(Updates.unset(RESPONSE), Updates.unset(FINGERPRINT)));
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "idempotency records of " + photoId + " not cleared: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> uploadInFlight(String photoId, Instant since) {
        return Optional.ofNullable(idempotency.find(Filters.and(Filters.eq(PHOTO_ID, photoId), Filters.exists(RESPONSE, false),
                Filters.gt(CREATED_AT, Date.from(since)))).first()).map(d -> d.getString(ID));
    }

    @Override
    public void deletePhoto(String photoId) throws StoreUnavailableException {
        try {
            photos.deleteOne(Filters.eq(ID, photoId));
        } catch (MongoException e) {
            throw new StoreUnavailableException("mongo", "delete of photo " + photoId + " failed: " + e.getMessage(), e);
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
