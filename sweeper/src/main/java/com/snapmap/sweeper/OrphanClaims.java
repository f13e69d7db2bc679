package com.snapmap.sweeper;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.snapmap.contract.MongoSchema;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A sweep's lease on the orphans it re-drives: {@code {token, at, sent}} on each photo
 * ({@link MongoSchema#SWEEP_CLAIM}). Taken before the re-drive, each photo by one conditional
 * update, so two sweeps at once never re-drive one photo twice; marked {@code sent} once Kafka has
 * the re-driven event. A sent lease holds for the grace, the time an upload is given to get its
 * event, so a photo the job is still working on (a late photo waiting for an open event) is
 * re-driven once per grace, not once per run. A lease never marked sent (its sweep died between
 * lease and send) holds for the claim timeout only. The lease stays on the photo once it has its
 * event: it then says when it was last re-driven. Nothing else reads it.
 */
final class OrphanClaims {

    static final String FIELD = MongoSchema.SWEEP_CLAIM;
    private static final String TOKEN = FIELD + ".token";
    private static final String AT = FIELD + ".at";
    private static final String SENT = FIELD + ".sent";

    private final MongoCollection<Document> photos;
    private final long graceMs;
    private final long claimTimeoutMs;

    OrphanClaims(MongoCollection<Document> photos, long graceMs, long claimTimeoutMs) {
        this.photos = photos;
        this.graceMs = graceMs;
        this.claimTimeoutMs = claimTimeoutMs;
    }

    /** Leases those of {@code ids} still without eventId whose lease, if any, has run out. */
    void take(List<String> ids, String token, long now) {
        photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, ids), Filters.exists(MongoSchema.EVENT_ID, false), free(now)),
                lease(token, now));
    }

    /** Takes over one lease {@code holder} left unsent; the photo, or null if it is no longer so. */
    Document takeOver(String id, String holder, String token, long now) {
        return photos.findOneAndUpdate(Filters.and(Filters.eq(MongoSchema.ID, id), Filters.exists(MongoSchema.EVENT_ID, false),
                Filters.eq(TOKEN, holder), Filters.exists(SENT, false)), lease(token, now),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    void sent(List<String> ids, String token) {
        photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, ids), Filters.eq(TOKEN, token)), Updates.set(SENT, true));
    }

    /** Drops this sweep's unsent leases: the next run may re-drive those photos at once. */
    void release(List<String> ids, String token) {
        photos.updateMany(Filters.and(Filters.in(MongoSchema.ID, ids), Filters.eq(TOKEN, token), Filters.exists(SENT, false)),
                Updates.unset(FIELD));
    }

    /** The token of a photo's lease not yet sent, or null. */
    static String unsentHolder(Document photo) {
        Document claim = photo.get(FIELD, Document.class);
        return claim == null || claim.get("sent") != null ? null : claim.getString("token");
    }

    private static Bson lease(String token, long now) {
        return Updates.set(FIELD, new Document("token", token).append("at", new Date(now)));
    }

    private Bson free(long now) {
        return Filters.or(Filters.exists(FIELD, false),
                Filters.and(Filters.exists(SENT, true), Filters.lt(AT, new Date(now - graceMs))),
                Filters.and(Filters.exists(SENT, false), Filters.lt(AT, new Date(now - claimTimeoutMs))));
    }
}
