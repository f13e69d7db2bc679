package com.snapmap.contract;

import static com.snapmap.contract.MongoSchema.*;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Conditional writes as upserts whose filter is the condition. When the document exists but the
 * condition is false, the upsert's insert collides with the existing {@code _id}: that
 * duplicate-key error is the answer "condition false", not a failure. This works the same on
 * MongoDB and on the MongoDB-wire stand-in, needs no transaction, and is idempotent.
 */
public final class GuardedWrites {

    private GuardedWrites() {}

    /**
     * The job may write event {@code id} at {@code version} only over no document, or over a live
     * event of a version not above it that neither the cold path nor the sweeper has taken over. A
     * tombstone is final.
     */
    public static Bson jobEventCondition(String id, long version) {
        return Filters.and(Filters.eq(ID, id), Filters.exists(MERGED_INTO, false), Filters.lte(VERSION, version),
                notTakenOver());
    }

    /** Neither the cold path nor the sweeper has written it: such documents are never the hot path's again. */
    private static Bson notTakenOver() {
        return Filters.nin(OWNER, OWNER_SWEEPER, OWNER_COLD_PATH);
    }

    /** The job's write of an event document or tombstone. */
    public static ReplaceOneModel<Document> jobEventWrite(EventDoc d) {
        return new ReplaceOneModel<>(jobEventCondition(d.eventId, d.version), EventBson.toBson(d),
                new ReplaceOptions().upsert(true));
    }

    /** The hot path may set a photo's eventId unless the cold path or the sweeper has assigned it. */
    public static Bson jobPhotoCondition(Bson photos) {
        return Filters.and(photos, notTakenOver());
    }

    public static boolean isConditionFalse(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** Whether a bulk's error is the answer "condition false" (see the class comment). */
    public static boolean isConditionFalse(BulkWriteError e) {
        return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * Applies {@code models} in order, as few round trips as possible; a model whose condition is
     * false is skipped and the rest go on. Any other error is thrown.
     *
     * @return how many models were skipped because their condition was false
     */
    public static <T> int applyInOrder(MongoCollection<T> coll, List<? extends WriteModel<? extends T>> models) {
        int skipped = 0;
        int from = 0;
        while (from < models.size()) {
            try {
                coll.bulkWrite(models.subList(from, models.size()), new BulkWriteOptions().ordered(true));
                return skipped;
            } catch (MongoBulkWriteException e) {
                List<BulkWriteError> errors = e.getWriteErrors();
                if (errors.isEmpty() || !errors.stream().allMatch(GuardedWrites::isConditionFalse)) {
                    throw e;
                }
                skipped += errors.size();
                // MongoDB stops an ordered bulk at its first error; the stand-in goes on and reports
                // them all. Resuming after the last one is right for both (the writes are idempotent).
                from += errors.get(errors.size() - 1).getIndex() + 1;
            }
        }
        return skipped;
    }
}
