package com.snapmap.sweeper;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.snapmap.core.store.MongoSchema;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A sweep's hold on orphan photos while it assigns them: {@code {token, at, event}} on each photo
 * ({@link MongoSchema#SWEEP_CLAIM}). The token says which sweep holds it; {@code event}, once set,
 * names the survivor that counts the photo, and the job's photo writes leave such a photo alone. A
 * claim goes stale after {@link #TTL_MS} (its sweep died), and another sweep may then take it.
 */
final class OrphanClaims {

    static final String FIELD = MongoSchema.SWEEP_CLAIM;
    static final String EVENT = FIELD + ".event";
    static final long TTL_MS = 10 * 60_000L;
    private static final String TOKEN = FIELD + ".token";

    private final MongoCollection<Document> photos;
    private final Consumer<SweepWrite> beforeWrite;

    OrphanClaims(MongoCollection<Document> photos, Consumer<SweepWrite> beforeWrite) {
        this.photos = photos;
        this.beforeWrite = beforeWrite;
    }

    /**
     * Claims every photo of a group, one conditional update each: only a photo still without
     * eventId and unclaimed (or with a stale claim) can be claimed.
     *
     * @return whether all were
     */
    boolean claim(List<String> ids, String token, long now) {
        for (String id : ids) {
            Bson free = Filters.and(Filters.eq(MongoSchema.ID, id), Filters.exists(MongoSchema.EVENT_ID, false),
                    Filters.or(Filters.exists(FIELD, false), stale(now)));
            beforeWrite.accept(SweepWrite.CLAIM);
            if (photos.updateOne(free, Updates.set(FIELD, new Document("token", token).append("at", new Date(now))))
                    .getModifiedCount() == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Names the survivor on this sweep's claims of photos still without eventId.
     *
     * @return how many claims now name it (fewer than {@code ids}: the group changed under us)
     */
    long name(List<String> ids, String token, String survivor) {
        beforeWrite.accept(SweepWrite.INTENT);
        return photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, ids), Filters.eq(TOKEN, token),
                Filters.exists(MongoSchema.EVENT_ID, false)), Updates.set(EVENT, survivor)).getModifiedCount();
    }

    /**
     * Drops this sweep's claims. Claims that name an event stay unless {@code named}: once the
     * survivor may have been written they are how a later run finds it to finish.
     */
    void release(List<String> ids, String token, boolean named) {
        Bson mine = Filters.and(Filters.in(MongoSchema.ID, ids), Filters.eq(TOKEN, token));
        beforeWrite.accept(SweepWrite.RELEASE);
        photos.updateMany(named ? mine : Filters.and(mine, Filters.exists(EVENT, false)), Updates.unset(FIELD));
    }

    /** Drops stale claims that name {@code event}, a survivor their sweep never wrote. */
    void dropStale(Collection<String> ids, String event, long now) {
        beforeWrite.accept(SweepWrite.RELEASE);
        photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, ids), Filters.eq(EVENT, event), stale(now)),
                Updates.unset(FIELD));
    }

    private static Bson stale(long now) {
        return Filters.lt(FIELD + ".at", new Date(now - TTL_MS));
    }
}
