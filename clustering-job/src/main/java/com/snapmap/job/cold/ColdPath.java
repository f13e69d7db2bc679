package com.snapmap.job.cold;

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
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.UnionFind;
import com.snapmap.core.geo.CellCover;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.model.EventDocument;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The job's cold path (docs/HOT-PATH.md, "The cold path"): photos past the allowed lateness,
 * clustered at once against what MongoDB holds, by the rule of docs/SEMANTICS.md. Neighbours are
 * found through the portable {@code cell} index. A group of late photos that links only closed
 * events (or none) is written here: the members' union is named after its first photo, the other
 * events become tombstones pointing at it, their photos and the group's move to it. A group that
 * links an open event, or a photo still waiting for its label, is deferred: open events are the hot
 * path's, and the caller tries the group again later.
 *
 * <p>One caller at a time (the job keys the cold path by one key), so it never races itself; its
 * writes are still conditional on the version read, so a legacy sweep beside it loses nothing.
 * Without transactions a change is made in steps a later call can finish: the group's photos are
 * claimed for the survivor ({@value #CLAIM}), the survivor is written listing the photos it counts
 * and the events it absorbs ({@value #CHANGE}), then the tombstones and photo moves follow. A call
 * that meets a claimed photo its survivor lists finishes that change instead of counting it again.
 */
public final class ColdPath {

    /** On a photo: the survivor a cold-path change is about to count it in. */
    public static final String CLAIM = "coldClaim";
    /** On an event the cold path wrote: its last change, {@code {photos: [ids], losers: [{_id, version}]}}. */
    public static final String CHANGE = "coldChange";
    private static final String PHOTOS = "photos";
    private static final String LOSERS = "losers";

    private final MongoCollection<Document> photos;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> erasures;
    private final LinkRule rule;
    private final CellCover cover;
    private final boolean placeLookup;
    private final LongSupplier clock;

    public ColdPath(MongoDatabase db, LinkRule rule, boolean placeLookup, LongSupplier clock) {
        this.photos = db.getCollection(MongoSchema.PHOTOS);
        this.events = db.getCollection(MongoSchema.EVENTS);
        this.erasures = db.getCollection(MongoSchema.ERASURES);
        this.rule = rule;
        this.cover = new CellCover(MongoSchema.PHOTO_CELL_PRECISION, rule.radiusMeters());
        this.placeLookup = placeLookup;
        this.clock = clock;
    }

    /** What one call did: the photos that now have their event, and every document it wrote, in write order. */
    public static final class Outcome {
        public final Set<String> done = new LinkedHashSet<>();
        public final List<EventDocument> written = new ArrayList<>();
    }

    /**
     * Clusters {@code seeds} and the pending photos they reach through links.
     *
     * @param pending every late photo waiting for its event (the seeds among them)
     */
    public Outcome run(List<Photo> seeds, Map<String, Photo> pending) {
        Outcome out = new Outcome();
        UnionFind<String> groups = new UnionFind<>();
        Map<String, Set<String>> touched = new TreeMap<>();
        Set<String> blocked = new LinkedHashSet<>();
        Map<String, Photo> group = new LinkedHashMap<>();
        Deque<Photo> work = new ArrayDeque<>(seeds);
        while (!work.isEmpty()) {
            Photo o = work.poll();
            if (group.containsKey(o.photoId)) {
                continue;
            }
            if (erasures.find(Filters.eq(MongoSchema.ID, o.photoId)).first() != null) {
                out.done.add(o.photoId); // erased (a re-drive, a late duplicate): never clustered again
                continue;
            }
            Document self = photos.find(Filters.eq(MongoSchema.ID, o.photoId)).first();
            if (self != null && (self.getString(MongoSchema.EVENT_ID) != null || finishClaimed(self, out))) {
                out.done.add(o.photoId); // a repeat, or a change a crash interrupted: it has its event
                continue;
            }
            group.put(o.photoId, o);
            groups.add(o.photoId);
            for (Document d : photos.find(near(o))) {
                Photo q = photoOf(d);
                if (q == null || q.photoId.equals(o.photoId) || !rule.linked(o, q)) {
                    continue;
                }
                String eventId = d.getString(MongoSchema.EVENT_ID);
                if (eventId == null && finishClaimed(d, out)) {
                    eventId = d.getString(CLAIM);
                }
                if (eventId != null) {
                    touched.computeIfAbsent(o.photoId, k -> new LinkedHashSet<>()).add(eventId);
                } else if (pending.containsKey(q.photoId)) {
                    groups.add(q.photoId);
                    groups.union(o.photoId, q.photoId);
                    work.add(pending.get(q.photoId));
                } else {
                    blocked.add(o.photoId); // linked to a photo whose upload is in flight or lost
                }
            }
        }
        Map<String, List<Photo>> components = new TreeMap<>();
        group.values().forEach(p -> components.computeIfAbsent(groups.find(p.photoId), k -> new ArrayList<>()).add(p));
        for (List<Photo> component : components.values()) {
            if (component.stream().anyMatch(p -> blocked.contains(p.photoId))) {
                continue;
            }
            Set<String> eventIds = new LinkedHashSet<>();
            component.forEach(p -> touched.getOrDefault(p.photoId, Set.of()).forEach(e -> eventIds.add(resolve(e))));
            assign(component, eventIds, out);
        }
        return out;
    }

    private Bson near(Photo o) {
        return near(cover, rule, o);
    }

    /** The photos a photo may link: in the cells its R-circle touches, taken within W of it. */
    static Bson near(CellCover cover, LinkRule rule, Photo o) {
        return Filters.and(Filters.in(MongoSchema.CELL, cover.cover(o.lat, o.lon)),
                Filters.gte(MongoSchema.TAKEN_AT, new java.util.Date(o.takenAt - rule.windowMillis())),
                Filters.lte(MongoSchema.TAKEN_AT, new java.util.Date(o.takenAt + rule.windowMillis())));
    }

    private void assign(List<Photo> component, Set<String> eventIds, Outcome out) {
        Map<String, EventDoc> docs = new TreeMap<>();
        EventSummary merged = new EventSummary();
        for (String id : eventIds) {
            Document d = events.find(Filters.eq(MongoSchema.ID, id)).first();
            EventDoc e = d == null ? null : EventBson.fromBson(d);
            if (e == null || e.isTombstone() || !e.isClosed()) {
                return; // open, or not written yet: the hot path's, tried again later
            }
            docs.put(id, e);
            merged.merge(e.toSummary());
        }
        component.forEach(merged::add);
        String survivor = merged.eventId();
        long now = clock.getAsLong();
        EventDoc old = docs.get(survivor);
        EventDocument next = EventDocument.of(survivor, merged, 0, true, now, placeLookup);
        next.version = old == null ? EventVersion.closed(merged.count) : EventVersion.sweeperChange(old.version, merged.count);
        next.owner = MongoSchema.OWNER_COLD_PATH;
        List<String> ids = component.stream().map(p -> p.photoId).toList();
        List<Document> losers = new ArrayList<>();
        docs.values().stream().filter(e -> !e.eventId.equals(survivor))
                .forEach(e -> losers.add(new Document(MongoSchema.ID, e.eventId).append(MongoSchema.VERSION, e.version)));
        photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, ids), Filters.exists(MongoSchema.EVENT_ID, false)),
                Updates.set(CLAIM, survivor));
        Document bson = EventBson.toBson(next).append(CHANGE, new Document(PHOTOS, ids).append(LOSERS, losers));
        if (!writeSurvivor(old, bson)) {
            return; // changed by another writer since it was read: tried again later
        }
        out.written.add(next);
        finish(bson, now, out);
        out.done.addAll(ids);
    }

    private boolean writeSurvivor(EventDoc old, Document bson) {
        if (old != null) {
            return events.replaceOne(Filters.and(Filters.eq(MongoSchema.ID, old.eventId),
                    Filters.eq(MongoSchema.VERSION, old.version)), bson).getMatchedCount() > 0;
        }
        try {
            events.insertOne(bson);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    /** A claimed photo whose survivor lists it: that change is finished now. */
    private boolean finishClaimed(Document photo, Outcome out) {
        String survivor = photo.getString(CLAIM);
        if (survivor == null) {
            return false;
        }
        Document s = events.find(Filters.eq(MongoSchema.ID, survivor)).first();
        if (s == null || s.getString(MongoSchema.MERGED_INTO) != null || !changed(s).contains(photo.getString(MongoSchema.ID))) {
            return false; // the change stopped before its survivor was written: the photo is still free
        }
        finish(s, clock.getAsLong(), out);
        return true;
    }

    /**
     * The steps after the survivor's write, each idempotent: the losers become tombstones, their
     * photos and the group's point at the survivor. The change stays on the survivor, so a restored
     * job can publish what it wrote (see {@link ColdPathFunction}).
     */
    private void finish(Document survivorDoc, long now, Outcome out) {
        String survivor = survivorDoc.getString(MongoSchema.ID);
        long count = ((Number) survivorDoc.get(MongoSchema.PHOTO_COUNT)).longValue();
        Document change = survivorDoc.get(CHANGE, Document.class);
        for (Document loser : change.getList(LOSERS, Document.class)) {
            String id = loser.getString(MongoSchema.ID);
            long version = ((Number) loser.get(MongoSchema.VERSION)).longValue();
            // Past the loser's own version, so one id's documents on the feed only grow.
            EventDocument tombstone = EventDocument.tombstone(id, survivor,
                    Math.max(version + 1, EventVersion.tombstone(count)), now);
            // Marked as the cold path's, so a restarted job finds it to publish (ColdPathFunction),
            // whatever later changes its survivor's coldChange records.
            Document bson = EventBson.toBson(tombstone).append(MongoSchema.OWNER, MongoSchema.OWNER_COLD_PATH);
            if (events.replaceOne(Filters.and(Filters.eq(MongoSchema.ID, id), Filters.eq(MongoSchema.VERSION, version)),
                    bson).getMatchedCount() > 0) {
                out.written.add(tombstone);
            }
            Document current = events.find(Filters.eq(MongoSchema.ID, id)).first();
            if (current != null && survivor.equals(current.getString(MongoSchema.MERGED_INTO))) {
                photos.updateMany(Filters.eq(MongoSchema.EVENT_ID, id), assignedTo(survivor));
            }
        }
        photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, change.getList(PHOTOS, String.class)),
                Filters.eq(CLAIM, survivor)), Updates.combine(assignedTo(survivor), Updates.unset(CLAIM)));
    }

    static Bson assignedTo(String survivor) {
        return Updates.combine(Updates.set(MongoSchema.EVENT_ID, survivor),
                Updates.set(MongoSchema.CLUSTER_LABEL, "cold/" + survivor),
                Updates.set(MongoSchema.OWNER, MongoSchema.OWNER_COLD_PATH));
    }

    /** The photos of an event's last cold-path change, empty for any other document. */
    static List<String> changed(Document event) {
        Document change = event == null ? null : event.get(CHANGE, Document.class);
        return change == null ? List.of() : change.getList(PHOTOS, String.class);
    }

    /** The ids a cold-path event's last change retired. */
    static List<String> retired(Document event) {
        Document change = event == null ? null : event.get(CHANGE, Document.class);
        return change == null ? List.of()
                : change.getList(LOSERS, Document.class).stream().map(d -> d.getString(MongoSchema.ID)).toList();
    }

    private String resolve(String eventId) {
        return TombstoneResolver.resolve(eventId, id -> events.find(Filters.eq(MongoSchema.ID, id)).first(),
                d -> d.getString(MongoSchema.MERGED_INTO)).eventId();
    }

    /** A photo document as a photo to cluster, or null for one without place or time (a stub). */
    static Photo photoOf(Document d) {
        PhotoDoc p = PhotoBson.fromBson(d);
        return p.isComplete() ? new Photo(p.photoId(), p.takenAt().toEpochMilli(), p.lat(), p.lon()) : null;
    }
}
