package com.snapmap.sweeper;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.EventVersion;
import com.snapmap.core.store.MongoSchema;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * A survivor event the sweeper wrote and has not finished: it lists, under {@value #FIELD}, the
 * photos it counts and the events it absorbed ({@code {photos: [ids], losers: [{_id, version}]}}),
 * so the sweep that wrote it, or any later one, can make the remaining steps.
 */
final class PendingSurvivor {

    static final String FIELD = "sweepPending";
    private static final String PHOTOS = "photos";
    private static final String LOSERS = "losers";

    private final MongoDatabase db;
    private final Consumer<SweepWrite> beforeWrite;

    PendingSurvivor(MongoDatabase db, Consumer<SweepWrite> beforeWrite) {
        this.db = db;
        this.beforeWrite = beforeWrite;
    }

    /** The survivor's document with the photos it counts and the events it absorbs listed as pending. */
    static Document withPending(Document survivor, List<String> photos, List<Document> losers) {
        return survivor.append(FIELD, new Document(PHOTOS, photos).append(LOSERS, losers));
    }

    /**
     * The steps after the survivor's write, each idempotent, so the sweep that wrote it or any
     * later one can make them: the losers become tombstones, their photos and the pending ones
     * point at the survivor, the pending list is cleared.
     *
     * @return how many pending photos this call assigned
     */
    long finish(Document survivorDoc, long now) {
        MongoCollection<Document> events = db.getCollection(MongoSchema.EVENTS);
        MongoCollection<Document> photos = db.getCollection(MongoSchema.PHOTOS);
        String survivor = survivorDoc.getString(MongoSchema.ID);
        long version = ((Number) survivorDoc.get(MongoSchema.VERSION)).longValue();
        long count = ((Number) survivorDoc.get(MongoSchema.PHOTO_COUNT)).longValue();
        Document pending = survivorDoc.get(FIELD, Document.class);
        for (Document loser : pending.getList(LOSERS, Document.class)) {
            String id = loser.getString(MongoSchema.ID);
            beforeWrite.accept(SweepWrite.TOMBSTONE);
            events.replaceOne(Filters.and(Filters.eq(MongoSchema.ID, id),
                    Filters.eq(MongoSchema.VERSION, ((Number) loser.get(MongoSchema.VERSION)).longValue())),
                    EventBson.toBson(EventDoc.tombstone(id, survivor, EventVersion.tombstone(count), now)));
            Document current = events.find(Filters.eq(MongoSchema.ID, id)).first();
            if (current == null || !survivor.equals(current.getString(MongoSchema.MERGED_INTO))) {
                continue; // changed by another writer before it was retired: its photos stay its own
            }
            beforeWrite.accept(SweepWrite.LOSER_PHOTOS);
            photos.updateMany(Filters.eq(MongoSchema.EVENT_ID, id), Updates.combine(
                    Updates.set(MongoSchema.EVENT_ID, survivor), Updates.set(MongoSchema.OWNER, MongoSchema.OWNER_SWEEPER)));
        }
        // Only photos still without eventId and held for this survivor: the ones it counts.
        beforeWrite.accept(SweepWrite.PHOTOS);
        long assigned = photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, pending.getList(PHOTOS, String.class)),
                Filters.exists(MongoSchema.EVENT_ID, false), Filters.eq(OrphanClaims.EVENT, survivor)), Updates.combine(
                        Updates.set(MongoSchema.EVENT_ID, survivor), Updates.set(MongoSchema.CLUSTER_LABEL, "sweep/" + survivor),
                        Updates.set(MongoSchema.OWNER, MongoSchema.OWNER_SWEEPER), Updates.unset(OrphanClaims.FIELD))).getModifiedCount();
        beforeWrite.accept(SweepWrite.SETTLE);
        events.updateOne(Filters.and(Filters.eq(MongoSchema.ID, survivor), Filters.eq(MongoSchema.VERSION, version)),
                Updates.unset(FIELD));
        return assigned;
    }

    /** The photos an unfinished sweep's survivor counts, empty for any other document. */
    static List<String> photos(Document event) {
        Document pending = event == null ? null : event.get(FIELD, Document.class);
        return pending == null ? List.of() : pending.getList(PHOTOS, String.class);
    }
}
