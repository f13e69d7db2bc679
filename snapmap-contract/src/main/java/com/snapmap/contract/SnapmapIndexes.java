package com.snapmap.contract;

import static com.snapmap.contract.MongoSchema.*;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The indexes of docs/ARCHITECTURE.md ("Data"), named; created by
 * {@link #ensure}, which the gateway, the job and the sweeper all call at start.
 */
public final class SnapmapIndexes {

    /** MongoDB's codes for "this key pattern exists under another name / these options differ". */
    private static final int INDEX_OPTIONS_CONFLICT = 85;
    private static final int INDEX_KEY_SPECS_CONFLICT = 86;

    private SnapmapIndexes() {}

    public static List<IndexSpec> specs(Duration idempotencyTtl) {
        return List.of(
                IndexSpec.of(PHOTOS, "location_2dsphere", new Document(LOCATION, "2dsphere")),
                IndexSpec.of(PHOTOS, "cell_takenAt", new Document(CELL, 1).append(TAKEN_AT, 1)),
                IndexSpec.of(PHOTOS, "uploadedAt", new Document(UPLOADED_AT, 1)),
                IndexSpec.of(PHOTOS, "eventId", new Document(EVENT_ID, 1)),
                // The job's relabel is an updateMany on clusterLabel: without this it scans the collection.
                IndexSpec.of(PHOTOS, "clusterLabel", new Document(CLUSTER_LABEL, 1)),
                // DELETE /v1/photos?uploader=: one uploader's photos, a page at a time.
                IndexSpec.of(PHOTOS, "uploader", new Document(UPLOADER, 1)),
                IndexSpec.of(EVENTS, "centroid_2dsphere", new Document(CENTROID, "2dsphere")),
                IndexSpec.of(EVENTS, "cell_endAt", new Document(CELL, 1).append(END_AT, 1)),
                // GET /v1/events?place=: equality on the key, pages in _id order.
                IndexSpec.of(EVENTS, "placeKey_id", new Document(PLACE_KEY, 1).append(ID, 1)),
                new IndexSpec(IDEMPOTENCY, "createdAt_ttl", new Document(CREATED_AT, 1), idempotencyTtl.toSeconds()),
                // An erasure finds the claims of its photo: an upload in flight, responses to forget.
                IndexSpec.of(IDEMPOTENCY, "photoId", new Document(PHOTO_ID, 1)));
    }

    /** For the job and the sweeper: the idempotency TTL stays as the gateway set it (the default when none). */
    public static void ensure(MongoDatabase db) {
        ensure(db, null);
    }

    /**
     * Creates every index of {@link #specs}. Idempotent, and safe when another service runs it at
     * the same time (creating an identical index is a no-op). An index on one of our key patterns
     * under another name (what older gateways created), or ours with another TTL, is replaced.
     *
     * @param idempotencyTtl the gateway's setting; null keeps whatever TTL the index has
     */
    public static void ensure(MongoDatabase db, Duration idempotencyTtl) {
        boolean keepTtl = idempotencyTtl == null;
        for (IndexSpec spec : specs(keepTtl ? Duration.ofSeconds(Defaults.IDEMPOTENCY_TTL_S) : idempotencyTtl)) {
            MongoCollection<Document> coll = db.getCollection(spec.collection());
            for (Document existing : coll.listIndexes()) {
                String name = existing.getString("name");
                boolean sameKeys = sameKeys(spec.keys(), (Document) existing.get("key"));
                boolean sameName = spec.name().equals(name);
                boolean ttlOk = sameTtl(spec, existing) || (keepTtl && existing.get("expireAfterSeconds") != null);
                if ((sameKeys && !sameName) || (sameName && (!sameKeys || !ttlOk))) {
                    coll.dropIndex(name);
                }
            }
            if (keepTtl && spec.expireAfterSeconds() != null && has(coll, spec.name())) {
                continue;
            }
            try {
                create(coll, spec);
            } catch (MongoCommandException e) {
                if (e.getErrorCode() != INDEX_OPTIONS_CONFLICT && e.getErrorCode() != INDEX_KEY_SPECS_CONFLICT) {
                    throw e;
                }
                // Another service created a variant between our look and our create: replace it once.
                coll.dropIndex(spec.keys());
                create(coll, spec);
            }
        }
    }

    private static boolean has(MongoCollection<Document> coll, String name) {
        for (Document i : coll.listIndexes()) {
            if (name.equals(i.getString("name"))) {
                return true;
            }
        }
        return false;
    }

    private static void create(MongoCollection<Document> coll, IndexSpec spec) {
        IndexOptions o = new IndexOptions().name(spec.name());
        if (spec.expireAfterSeconds() != null) {
            o.expireAfter(spec.expireAfterSeconds(), TimeUnit.SECONDS);
        }
        coll.createIndex(spec.keys(), o);
    }

    /** The named index set as MongoDB lists it: collection.name → {key, expireAfterSeconds}. */
    public static List<String> describe(MongoDatabase db) {
        List<String> out = new ArrayList<>();
        for (String c : List.of(PHOTOS, EVENTS, IDEMPOTENCY)) {
            for (Document i : db.getCollection(c).listIndexes()) {
                Object ttl = i.get("expireAfterSeconds");
                out.add(c + "." + i.getString("name") + " " + ((Document) i.get("key")).toJson()
                        + (ttl == null ? "" : " ttl=" + ((Number) ttl).longValue()));
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean sameKeys(Document a, Document b) {
        if (b == null || !a.keySet().stream().toList().equals(b.keySet().stream().toList())) {
            return false;
        }
        for (String k : a.keySet()) {
            Object x = a.get(k);
            Object y = b.get(k);
            boolean equal = x instanceof Number && y instanceof Number
                    ? ((Number) x).doubleValue() == ((Number) y).doubleValue()
                    : x.equals(y);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameTtl(IndexSpec spec, Document existing) {
        Object ttl = existing.get("expireAfterSeconds");
        Long have = ttl == null ? null : ((Number) ttl).longValue();
        return java.util.Objects.equals(spec.expireAfterSeconds(), have);
    }
}
