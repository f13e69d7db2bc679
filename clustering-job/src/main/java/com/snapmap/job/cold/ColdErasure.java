package com.snapmap.job.cold;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.EventVersion;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.geo.CellCover;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.EventDocument;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A photo's erasure applied to the closed events MongoDB holds (docs/SEMANTICS.md, "Deleting a
 * photo"): the event that counted the photo is re-formed from its remaining members by
 * {@link EventReform}. The photo's event is found through its neighbours (every photo linked to it
 * is in its event; a photo without one was an event of its own, named after it). While that event
 * is open, a neighbour still waits for its label, or an event a neighbour's label names is not in
 * MongoDB yet, the erasure waits: open events are the hot path's, and the caller tries again once
 * they have closed and been written.
 *
 * <p>Without transactions the change is made in an order a later call can finish: the parts first,
 * then the old ids' tombstones (each with {@code splitInto}, so a re-run finds the parts from the old
 * id), then the photos' moves. A re-run of a finished erasure (a replay, a restore) writes nothing
 * and returns the documents it left, for the feed to publish any it has not yet.
 */
public final class ColdErasure {

    private final MongoCollection<Document> photos;
    private final MongoCollection<Document> events;
    private final LinkRule rule;
    private final CellCover cover;
    private final EventReform reform;
    private final LongSupplier clock;

    public ColdErasure(MongoDatabase db, LinkRule rule, LongSupplier clock) {
        this.photos = db.getCollection(MongoSchema.PHOTOS);
        this.events = db.getCollection(MongoSchema.EVENTS);
        this.rule = rule;
        this.cover = new CellCover(MongoSchema.PHOTO_CELL_PRECISION, rule.radiusMeters());
        this.reform = new EventReform(rule);
        this.clock = clock;
    }

    /**
     * Applies one erasure.
     *
     * @return the documents of the re-formed events and the old ids' tombstones (written now or by
     *     an earlier call of the same erasure), or null when the erasure must wait
     */
    public List<EventDocument> erase(Erasure x) {
        // A replayed upload may have made the job upsert a stub of the photo: nothing of it stays.
        photos.deleteOne(Filters.eq(MongoSchema.ID, x.photoId));
        Photo erased = new Photo(x.photoId, x.takenAt, x.lat, x.lon);
        Deque<String> work = new ArrayDeque<>();
        for (Document d : photos.find(ColdPath.near(cover, rule, erased))) {
            Photo q = ColdPath.photoOf(d);
            if (q == null || q.photoId.equals(x.photoId) || !rule.linked(erased, q)) {
                continue;
            }
            String eventId = d.getString(MongoSchema.EVENT_ID);
            if (eventId == null) {
                return null; // a neighbour still waits for its label
            }
            work.add(eventId);
        }
        // A neighbour's label names a document that exists, or is on its way from the hot path's sinks.
        Set<String> named = new HashSet<>(work);
        work.add(EventIds.forFirstPhoto(x.photoId)); // its own event, if it was alone or first
        Map<String, EventDoc> involved = new TreeMap<>();
        while (!work.isEmpty()) {
            String id = work.poll();
            if (involved.containsKey(id)) {
                continue;
            }
            EventDoc e = read(id);
            if (e == null) {
                if (named.contains(id)) {
                    return null; // not written yet: re-formed without it, the event would keep the photo
                }
                continue;
            }
            if (!e.isTombstone() && !e.isClosed()) {
                return null; // open: the hot path's until it closes
            }
            involved.put(id, e);
            if (e.isTombstone()) {
                List<String> next = new ArrayList<>();
                next.add(e.mergedInto);
                if (e.splitInto != null) {
                    next.addAll(List.of(e.splitInto));
                }
                if (named.contains(id)) {
                    named.addAll(next);
                }
                work.addAll(next);
            }
        }
        Map<String, List<String>> oldEvents = new TreeMap<>();
        involved.values().stream().filter(e -> !e.isTombstone()).forEach(e -> oldEvents.put(e.eventId, new ArrayList<>()));
        List<Photo> remaining = new ArrayList<>();
        for (Document d : photos.find(Filters.in(MongoSchema.EVENT_ID, involved.keySet()))) {
            Photo p = ColdPath.photoOf(d);
            if (p == null || p.photoId.equals(x.photoId)) {
                continue;
            }
            remaining.add(p);
            List<String> of = oldEvents.get(d.getString(MongoSchema.EVENT_ID));
            if (of != null) {
                of.add(p.photoId);
            }
        }
        return apply(reform.plan(remaining, oldEvents), involved);
    }

    private List<EventDocument> apply(EventReform.Plan plan, Map<String, EventDoc> involved) {
        long now = clock.getAsLong();
        List<EventDocument> out = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        for (EventReform.Part p : plan.parts()) {
            counts.put(p.eventId(), p.summary().count);
            EventDoc old = involved.containsKey(p.eventId()) ? involved.get(p.eventId()) : read(p.eventId());
            // Only a document this path wrote is taken as done: the hot path's closing document of an
            // event already leaves the photos erased while it was open out of its photoCount, not out
            // of its centroid, bounds or time span.
            if (old != null && !old.isTombstone() && old.photoCount == p.summary().count
                    && p.summary().firstPhotoId.equals(old.firstPhotoId) && MongoSchema.OWNER_COLD_PATH.equals(old.owner)) {
                out.add(EventDocument.copyOf(old)); // unchanged: an earlier call wrote it
                continue;
            }
            EventDocument next = EventDocument.of(p.eventId(), p.summary(), 0, true, now);
            next.version = old == null ? EventVersion.closed(p.summary().count)
                    : EventVersion.sweeperChange(old.version, p.summary().count);
            next.owner = MongoSchema.OWNER_COLD_PATH;
            if (!replace(old, next)) {
                return null; // changed by another writer since it was read: tried again later
            }
            out.add(next);
        }
        for (EventDoc e : involved.values()) {
            if (e.splitInto != null) {
                out.add(EventDocument.copyOf(e)); // a tombstone an earlier call of this erasure left
            }
        }
        for (Map.Entry<String, List<String>> r : plan.retired().entrySet()) {
            EventDoc old = involved.get(r.getKey());
            if (r.getValue().isEmpty()) {
                // Every photo of it erased: the id names nothing any more.
                if (events.deleteOne(Filters.and(Filters.eq(MongoSchema.ID, old.eventId),
                        Filters.eq(MongoSchema.VERSION, old.version))).getDeletedCount() > 0) {
                    out.add(EventDocument.erased(old.eventId, old.version + 1, now));
                }
                continue;
            }
            long version = Math.max(old.version + 1, EventVersion.tombstone(counts.get(r.getValue().get(0))));
            EventDocument t = EventDocument.tombstone(old.eventId, r.getValue().get(0), version, now);
            t.splitInto = r.getValue().toArray(String[]::new);
            if (!replace(old, t)) {
                return null;
            }
            out.add(t);
        }
        for (EventReform.Part p : plan.parts()) {
            photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, p.photoIds()), Filters.ne(MongoSchema.EVENT_ID, p.eventId())),
                    ColdPath.assignedTo(p.eventId()));
        }
        return out;
    }

    /** Replaces {@code old} (absent: inserts) unless another writer changed it since it was read. */
    private boolean replace(EventDoc old, EventDoc next) {
        Bson filter = old == null ? Filters.eq(MongoSchema.ID, next.eventId)
                : Filters.and(Filters.eq(MongoSchema.ID, old.eventId), Filters.eq(MongoSchema.VERSION, old.version));
        try {
            return events.replaceOne(filter, EventBson.toBson(next), new ReplaceOptions().upsert(old == null))
                    .getMatchedCount() > 0 || old == null;
        } catch (com.mongodb.MongoWriteException e) {
            return false; // inserted by another writer meanwhile
        }
    }

    private EventDoc read(String id) {
        Document d = events.find(Filters.eq(MongoSchema.ID, id)).first();
        return d == null ? null : EventBson.fromBson(d);
    }

}
