package com.snapmap.sweeper;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.snapmap.contract.MongoSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Sweeps of earlier builds that stopped half way: they wrote an event counting some orphans
 * ({@link MongoSchema#SWEEP_PENDING}, their claims naming it) and died before pointing the photos at
 * it. Re-driven as they are, those photos would be counted again. The change is handed to the cold
 * path instead, in its own terms: the event's pending list becomes its {@link MongoSchema#COLD_CHANGE}
 * (the same shape), then each photo gets a {@link MongoSchema#COLD_CLAIM} on it, and its re-drive
 * makes the cold path finish that change (tombstones, photo moves) rather than count the photo.
 * Each step is one conditional write, so a sweep stopped between them is finished by the next.
 */
final class LegacySweeps {

    private static final String PHOTOS = "photos";
    private static final String CLAIMED_EVENT = MongoSchema.SWEEP_CLAIM + ".event";

    private final MongoCollection<Document> photos;
    private final MongoCollection<Document> events;

    LegacySweeps(MongoDatabase db) {
        this.photos = db.getCollection(MongoSchema.PHOTOS);
        this.events = db.getCollection(MongoSchema.EVENTS);
    }

    /** @return how many of {@code orphans} were handed over */
    int handOver(List<Document> orphans) {
        Map<String, Document> change = new HashMap<>();
        int handed = 0;
        for (Document d : orphans) {
            Document claim = d.get(MongoSchema.SWEEP_CLAIM, Document.class);
            String event = claim == null ? null : claim.getString("event");
            if (event == null) {
                continue;
            }
            Document pending = change.computeIfAbsent(event, this::changeOf);
            String id = d.getString(MongoSchema.ID);
            if (pending == null || !pending.getList(PHOTOS, String.class).contains(id)) {
                continue; // its sweep stopped before the event counted it: a plain orphan
            }
            photos.updateOne(Filters.and(Filters.eq(MongoSchema.ID, id), Filters.exists(MongoSchema.EVENT_ID, false),
                    Filters.eq(CLAIMED_EVENT, event)), Updates.combine(Updates.set(MongoSchema.COLD_CLAIM, event),
                            Updates.unset(MongoSchema.SWEEP_CLAIM)));
            handed++;
        }
        return handed;
    }

    /** The event's unfinished change, made the cold path's first if it is still the sweep's; null if none. */
    private Document changeOf(String event) {
        Document e = events.find(Filters.eq(MongoSchema.ID, event)).first();
        if (e == null || e.get(MongoSchema.MERGED_INTO) != null) {
            return null;
        }
        Document pending = e.get(MongoSchema.SWEEP_PENDING, Document.class);
        if (pending == null) {
            return e.get(MongoSchema.COLD_CHANGE, Document.class); // handed over by a run that stopped after this step
        }
        events.updateOne(Filters.and(Filters.eq(MongoSchema.ID, event), Filters.exists(MongoSchema.SWEEP_PENDING)),
                Updates.combine(Updates.set(MongoSchema.COLD_CHANGE, pending), Updates.unset(MongoSchema.SWEEP_PENDING)));
        return pending;
    }
}
