package com.snapmap.sweeper;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.EventVersion;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.TombstoneResolver;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.cluster.UnionFind;
import com.snapmap.core.geo.CellCover;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * DESIGN.md §3: finds photos that still have no eventId a grace period after upload. A photo
 * inside the streaming job's horizon is re-driven through Kafka; an older one is clustered here by
 * the same link rule, against <b>closed</b> events only, found through the portable {@code cell}
 * index. Orphans that touch an open event are deferred: hot events belong to the stream.
 *
 * <p>Writes to existing events are guarded by their {@code version} (optimistic concurrency) and
 * follow the contract's version rule; what the sweeper writes is marked {@code owner: "sweeper"},
 * which the job's guarded writes respect, so a replay cannot undo a sweep. A new event is an
 * insert under its deterministic id, so two sweeps at once, or a sweep beside
 * the streaming job, lose no update and create no duplicate: the loser of a race skips that
 * group, which the next run picks up. MongoDB-wire servers without transactions can leave a
 * merge half applied if the process dies between writes; a later run repairs photos but not the
 * survivor's summary.
 */
public final class Sweeper {

    /** A sweep's hold on an orphan while it assigns it; stale after a crash. */
    static final String CLAIM = "sweepClaim";
    static final long CLAIM_TTL_MS = 10 * 60_000L;

    private final MongoDatabase db;
    private final UploadRedriver redriver;
    private final SweeperConfig config;
    private final Clock clock;
    private final CellCover cover;

    public Sweeper(MongoDatabase db, UploadRedriver redriver, SweeperConfig config, Clock clock) {
        this.db = db;
        this.redriver = redriver;
        this.config = config;
        this.clock = clock;
        this.cover = new CellCover(MongoSchema.PHOTO_CELL_PRECISION, config.rule().radiusMeters());
    }

    public SweepReport sweepOnce() throws Exception {
        SweepReport r = new SweepReport();
        long now = clock.millis();
        MongoCollection<Document> photos = db.getCollection(MongoSchema.PHOTOS);
        Map<String, Photo> late = new TreeMap<>();
        for (Document d : photos.find(Filters.and(Filters.exists(MongoSchema.EVENT_ID, false),
                Filters.lt(MongoSchema.UPLOADED_AT, new Date(now - config.grace().toMillis()))))) {
            r.scanned++;
            Photo p = photoOf(d);
            if (p == null) {
                continue;
            }
            if (p.takenAt >= now - config.horizon().toMillis()) {
                redriver.redrive(uploadOf(d, p));
                r.redriven++;
            } else {
                late.put(p.photoId, p);
            }
        }
        clusterLate(late, photos, now, r);
        return r;
    }

    private void clusterLate(Map<String, Photo> late, MongoCollection<Document> photos, long now, SweepReport r) {
        UnionFind<String> groups = new UnionFind<>();
        Map<String, Set<String>> touched = new HashMap<>();
        Set<String> blocked = new LinkedHashSet<>();
        for (Photo o : late.values()) {
            groups.add(o.photoId);
            Bson near = Filters.and(Filters.in(MongoSchema.CELL, cover.cover(o.lat, o.lon)),
                    Filters.gte(MongoSchema.TAKEN_AT, new Date(o.takenAt - config.rule().windowMillis())),
                    Filters.lte(MongoSchema.TAKEN_AT, new Date(o.takenAt + config.rule().windowMillis())));
            for (Document d : photos.find(near)) {
                Photo q = photoOf(d);
                if (q == null || q.photoId.equals(o.photoId) || !config.rule().linked(o, q)) {
                    continue;
                }
                String eventId = d.getString(MongoSchema.EVENT_ID);
                if (eventId != null) {
                    touched.computeIfAbsent(o.photoId, k -> new LinkedHashSet<>()).add(eventId);
                } else if (late.containsKey(q.photoId)) {
                    groups.union(o.photoId, q.photoId);
                } else {
                    blocked.add(o.photoId); // linked to a photo the stream still owns
                }
            }
        }
        Map<String, List<Photo>> components = new TreeMap<>();
        for (Photo o : late.values()) {
            components.computeIfAbsent(groups.find(o.photoId), k -> new ArrayList<>()).add(o);
        }
        for (List<Photo> component : components.values()) {
            Set<String> events = new LinkedHashSet<>();
            boolean defer = false;
            for (Photo o : component) {
                defer |= blocked.contains(o.photoId);
                for (String e : touched.getOrDefault(o.photoId, Set.of())) {
                    events.add(resolve(e));
                }
            }
            if (defer) {
                r.deferred += component.size();
                continue;
            }
            assign(component, events, now, r);
        }
    }

    private void assign(List<Photo> component, Set<String> eventIds, long now, SweepReport r) {
        List<String> ids = component.stream().map(p -> p.photoId).toList();
        String token = UUID.randomUUID().toString();
        if (!claim(ids, token, now)) {
            release(ids, token);
            r.failed += component.size(); // another sweep is on this group: the next run sees it done
            return;
        }
        try {
            assignClaimed(component, ids, eventIds, now, r);
        } finally {
            release(ids, token);
        }
    }

    /**
     * Claims every photo of a group for this sweep, one conditional update each: only a photo that
     * is still without eventId and unclaimed (or whose claim is stale) can be claimed.
     */
    private boolean claim(List<String> ids, String token, long now) {
        MongoCollection<Document> photos = db.getCollection(MongoSchema.PHOTOS);
        for (String id : ids) {
            Bson free = Filters.and(Filters.eq(MongoSchema.ID, id), Filters.exists(MongoSchema.EVENT_ID, false),
                    Filters.or(Filters.exists(CLAIM, false), Filters.lt(CLAIM + ".at", new Date(now - CLAIM_TTL_MS))));
            if (photos.updateOne(free, Updates.set(CLAIM, new Document("token", token).append("at", new Date(now))))
                    .getModifiedCount() == 0) {
                return false;
            }
        }
        return true;
    }

    private void release(List<String> ids, String token) {
        db.getCollection(MongoSchema.PHOTOS).updateMany(
                Filters.and(Filters.in(MongoSchema.ID, ids), Filters.eq(CLAIM + ".token", token)), Updates.unset(CLAIM));
    }

    private void assignClaimed(List<Photo> component, List<String> ids, Set<String> eventIds, long now, SweepReport r) {
        MongoCollection<Document> events = db.getCollection(MongoSchema.EVENTS);
        Map<String, EventDoc> docs = new TreeMap<>();
        EventSummary merged = new EventSummary();
        for (String id : eventIds) {
            Document d = events.find(Filters.eq(MongoSchema.ID, id)).first();
            EventDoc e = d == null ? null : EventBson.fromBson(d);
            if (e == null || e.isTombstone() || !e.isClosed()) {
                r.deferred += component.size(); // open, or not written yet: the stream's
                return;
            }
            docs.put(id, e);
            merged.merge(e.toSummary());
        }
        component.forEach(merged::add);
        String survivor = merged.eventId(); // named after its first photo, as the stream does
        try {
            for (EventDoc old : docs.values()) {
                EventDoc next;
                if (old.eventId.equals(survivor)) {
                    next = sweptEvent(survivor, merged, EventVersion.sweeperChange(old.version, merged.count), now);
                } else {
                    next = EventDoc.tombstone(old.eventId, survivor, EventVersion.tombstone(merged.count), now);
                }
                // Optimistic concurrency: only over the very version read above.
                if (events.replaceOne(Filters.and(Filters.eq(MongoSchema.ID, old.eventId), Filters.eq(MongoSchema.VERSION, old.version)),
                        EventBson.toBson(next)).getMatchedCount() == 0) {
                    r.failed += component.size(); // someone else changed it first: next run
                    return;
                }
            }
            if (!docs.containsKey(survivor)) {
                events.insertOne(EventBson.toBson(sweptEvent(survivor, merged, EventVersion.closed(merged.count), now)));
            }
        } catch (MongoWriteException ex) {
            if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                r.failed += component.size(); // a concurrent sweep created it: its photos follow
                return;
            }
            throw ex;
        }
        // Photos the sweeper assigned are its own: a replay of the job leaves them as they are.
        MongoCollection<Document> photos = db.getCollection(MongoSchema.PHOTOS);
        photos.updateMany(Filters.in(MongoSchema.ID, ids), Updates.combine(
                Updates.set(MongoSchema.EVENT_ID, survivor), Updates.set(MongoSchema.CLUSTER_LABEL, "sweep/" + survivor),
                Updates.set(MongoSchema.OWNER, MongoSchema.OWNER_SWEEPER)));
        for (String loser : docs.keySet()) {
            if (!loser.equals(survivor)) {
                photos.updateMany(Filters.eq(MongoSchema.EVENT_ID, loser), Updates.combine(
                        Updates.set(MongoSchema.EVENT_ID, survivor), Updates.set(MongoSchema.OWNER, MongoSchema.OWNER_SWEEPER)));
                r.merged++;
            }
        }
        r.assigned += component.size();
    }

    /** A closed event the sweeper wrote: the contract's document, marked so the job never overwrites it. */
    static EventDoc sweptEvent(String id, EventSummary members, long version, long now) {
        EventDoc d = EventDoc.event(id, members, true, now);
        d.version = version;
        d.owner = MongoSchema.OWNER_SWEEPER;
        return d;
    }

    /** Follows tombstones to the live event. */
    private String resolve(String eventId) {
        MongoCollection<Document> events = db.getCollection(MongoSchema.EVENTS);
        return TombstoneResolver.resolve(eventId, id -> events.find(Filters.eq(MongoSchema.ID, id)).first(),
                d -> d.getString(MongoSchema.MERGED_INTO)).eventId();
    }

    /** The photo a document describes, or null for one the job created without place or time. */
    static Photo photoOf(Document d) {
        PhotoDoc p = PhotoBson.fromBson(d);
        return p.isComplete() ? new Photo(p.photoId(), p.takenAt().toEpochMilli(), p.lat(), p.lon()) : null;
    }

    private static UploadEvent uploadOf(Document d, Photo p) {
        UploadEvent e = new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, d.getString(MongoSchema.STORAGE_URL));
        Date uploaded = d.getDate(MongoSchema.UPLOADED_AT);
        e.uploadedAt = uploaded == null ? 0 : uploaded.getTime();
        e.contentType = d.getString(MongoSchema.CONTENT_TYPE);
        e.sha256 = d.getString(MongoSchema.SHA256);
        return e;
    }
}
