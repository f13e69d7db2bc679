package com.snapmap.sweeper;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Finds photos that still have no eventId a grace period after upload (docs/DELIVERY.md, "Sweeper").
 * A photo inside the streaming job's horizon is re-driven through Kafka; an older one is clustered
 * here by the rule of docs/SEMANTICS.md, against <b>closed</b> events only, found through the
 * portable {@code cell} index. Orphans that touch an open event are deferred: hot events belong to
 * the stream.
 *
 * <p>Writes to existing events are guarded by their {@code version} (optimistic concurrency) and
 * follow the contract's version rule; what the sweeper writes is marked {@code owner: "sweeper"},
 * which the job's guarded writes respect, so a replay cannot undo a sweep. A new event is an
 * insert under its deterministic id, so two sweeps at once, or a sweep beside the streaming job,
 * lose no update and create no duplicate: the loser of a race skips that group, which the next
 * run picks up.
 *
 * <p>Without transactions a group is assigned in steps ({@link SweepWrite}) that a later run can
 * always finish: the group's photos are claimed, the claims name the survivor (from then on the
 * job leaves them alone, so the survivor counts exactly the photos the sweep holds), the survivor
 * is written with those photos and the merged events listed as {@value PendingSurvivor#FIELD}, then the losers
 * become tombstones, their photos and the group's move to the survivor, and the list is cleared.
 * A run that finds an orphan whose claim names an event still listing it finishes that event's
 * steps instead of counting the photo again; claims that name no written event expire after
 * {@link OrphanClaims#TTL_MS}, and the group is swept afresh.
 *
 * <p>"Too late for the job" is judged by the wall clock: a job lagging by more than the grace may
 * still count a photo the sweeper took (docs/DELIVERY.md says what that costs and what would close it).
 */
public final class Sweeper {


    private final MongoDatabase db;
    private final UploadRedriver redriver;
    private final SweeperConfig config;
    private final Clock clock;
    private final CellCover cover;
    private final Consumer<SweepWrite> beforeWrite;
    private final OrphanClaims claims;
    private final PendingSurvivor survivors;

    public Sweeper(MongoDatabase db, UploadRedriver redriver, SweeperConfig config, Clock clock) {
        this(db, redriver, config, clock, w -> {});
    }

    /** @param beforeWrite called before each write, so a test can stop the sweep between two */
    Sweeper(MongoDatabase db, UploadRedriver redriver, SweeperConfig config, Clock clock, Consumer<SweepWrite> beforeWrite) {
        this.db = db;
        this.redriver = redriver;
        this.config = config;
        this.clock = clock;
        this.cover = new CellCover(MongoSchema.PHOTO_CELL_PRECISION, config.rule().radiusMeters());
        this.beforeWrite = beforeWrite;
        this.claims = new OrphanClaims(db.getCollection(MongoSchema.PHOTOS), beforeWrite);
        this.survivors = new PendingSurvivor(db, beforeWrite);
    }

    public SweepReport sweepOnce() throws Exception {
        SweepReport r = new SweepReport();
        long now = clock.millis();
        MongoCollection<Document> photos = db.getCollection(MongoSchema.PHOTOS);
        List<Document> orphans = photos.find(Filters.and(Filters.exists(MongoSchema.EVENT_ID, false),
                Filters.lt(MongoSchema.UPLOADED_AT, new Date(now - config.grace().toMillis())))).into(new ArrayList<>());
        r.scanned = orphans.size();
        Set<String> finished = finishInterrupted(orphans, now, r);
        Map<String, Photo> late = new TreeMap<>();
        for (Document d : orphans) {
            Photo p = photoOf(d);
            if (p == null || finished.contains(p.photoId)) {
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

    /**
     * Finishes the sweeps that wrote an event counting some of these orphans and stopped before
     * pointing them at it.
     *
     * @return the orphans such an event counts
     */
    private Set<String> finishInterrupted(List<Document> orphans, long now, SweepReport r) {
        Map<String, Set<String>> byEvent = new TreeMap<>();
        for (Document d : orphans) {
            Document claim = d.get(OrphanClaims.FIELD, Document.class);
            String event = claim == null ? null : claim.getString("event");
            if (event != null) {
                byEvent.computeIfAbsent(event, k -> new LinkedHashSet<>()).add(d.getString(MongoSchema.ID));
            }
        }
        Set<String> counted = new HashSet<>();
        MongoCollection<Document> events = db.getCollection(MongoSchema.EVENTS);
        byEvent.forEach((event, ids) -> {
            Document doc = events.find(Filters.eq(MongoSchema.ID, event)).first();
            List<String> pending = PendingSurvivor.photos(doc);
            if (pending.isEmpty()) {
                // Its sweep stopped before writing it: once stale the claims go, and the job may
                // write the photos again; they are swept afresh.
                claims.dropStale(ids, event, now);
                return;
            }
            r.resumed += survivors.finish(doc, now);
            ids.stream().filter(pending::contains).forEach(counted::add);
        });
        return counted;
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
        if (!claims.claim(ids, token, now)) {
            claims.release(ids, token, true);
            r.failed += component.size(); // another sweep is on this group: the next run sees it done
            return;
        }
        try {
            assignClaimed(component, ids, token, eventIds, now, r);
        } finally {
            claims.release(ids, token, false);
        }
    }

    private void assignClaimed(List<Photo> component, List<String> ids, String token, Set<String> eventIds, long now,
            SweepReport r) {
        MongoCollection<Document> events = db.getCollection(MongoSchema.EVENTS);
        Map<String, EventDoc> docs = new TreeMap<>();
        EventSummary merged = new EventSummary();
        for (String id : eventIds) {
            Document d = events.find(Filters.eq(MongoSchema.ID, id)).first();
            EventDoc e = d == null ? null : EventBson.fromBson(d);
            if (e == null || e.isTombstone() || !e.isClosed()) {
                claims.release(ids, token, true);
                r.deferred += component.size(); // open, or not written yet: the stream's
                return;
            }
            if (!PendingSurvivor.photos(d).isEmpty()) {
                r.resumed += survivors.finish(d, now); // another sweep is half way through it: finished first, built on next run
                claims.release(ids, token, true);
                r.failed += component.size();
                return;
            }
            docs.put(id, e);
            merged.merge(e.toSummary());
        }
        component.forEach(merged::add);
        String survivor = merged.eventId(); // named after its first photo, as the stream does
        MongoCollection<Document> photos = db.getCollection(MongoSchema.PHOTOS);
        // From here the job leaves these photos alone; one it assigned since the claim is not ours.
        if (claims.name(ids, token, survivor) < ids.size()) {
            claims.release(ids, token, true);
            r.failed += component.size(); // the group changed under us: the next run regroups it
            return;
        }
        List<Document> losers = new ArrayList<>();
        for (EventDoc old : docs.values()) {
            if (!old.eventId.equals(survivor)) {
                losers.add(new Document(MongoSchema.ID, old.eventId).append(MongoSchema.VERSION, old.version));
            }
        }
        EventDoc old = docs.get(survivor);
        long version = old == null ? EventVersion.closed(merged.count) : EventVersion.sweeperChange(old.version, merged.count);
        Document next = PendingSurvivor.withPending(EventBson.toBson(sweptEvent(survivor, merged, version, now)), ids, losers);
        write(SweepWrite.SURVIVOR);
        if (old != null) {
            // Optimistic concurrency: only over the very version read above.
            if (events.replaceOne(Filters.and(Filters.eq(MongoSchema.ID, survivor), Filters.eq(MongoSchema.VERSION, old.version)),
                    next).getMatchedCount() == 0) {
                claims.release(ids, token, true);
                r.failed += component.size(); // someone else changed it first: next run
                return;
            }
        } else {
            try {
                events.insertOne(next);
            } catch (MongoWriteException ex) {
                if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw ex;
                }
                Document existing = events.find(Filters.eq(MongoSchema.ID, survivor)).first();
                if (!PendingSurvivor.photos(existing).containsAll(ids)) {
                    claims.release(ids, token, true);
                    r.failed += component.size(); // another writer's event of that id: next run
                    return;
                }
                next = existing; // this group's own event from an interrupted sweep: finish it
            }
        }
        r.assigned += survivors.finish(next, now);
        r.merged += losers.size();
    }

    private void write(SweepWrite step) {
        beforeWrite.accept(step);
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
