package com.snapmap.job.prod;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.WriteModel;
import com.snapmap.contract.GuardedWrites;
import java.io.Serializable;
import java.util.List;
import org.bson.Document;

/** How a stream element becomes a MongoDB write, for {@link GuardedMongoSink}. */
public interface MongoWrites<T> extends Serializable {

    WriteModel<Document> toWrite(T element);

    /** What applying one batch took: the write models sent, and how many were skipped as condition false. */
    record Applied(int models, int skipped) {}

    /** An unordered bulk's documents matched, created or refused by their condition, and how many models were refused. */
    record Unordered(long documents, int refused) {}

    /**
     * Writes of distinct documents, in any order: every model is tried once, on MongoDB and on the
     * MongoDB-wire server alike, and one refused as condition false still accounts for its document.
     * (An ordered bulk stops at a refused write on MongoDB but not on the stand-in, so resuming
     * after it sent the rest twice there.)
     */
    static Unordered applyUnordered(MongoCollection<Document> coll, List<? extends WriteModel<Document>> models) {
        try {
            BulkWriteResult r = coll.bulkWrite(models, new BulkWriteOptions().ordered(false));
            return new Unordered(r.getMatchedCount() + (long) r.getUpserts().size(), 0);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().isEmpty() || !e.getWriteErrors().stream().allMatch(GuardedWrites::isConditionFalse)) {
                throw e;
            }
            BulkWriteResult r = e.getWriteResult();
            int refused = e.getWriteErrors().size();
            return new Unordered(r.getMatchedCount() + (long) r.getUpserts().size() + refused, refused);
        }
    }

    /**
     * Applies one batch, in arrival order after coalescing; idempotent, since a failed batch is
     * applied again as a whole. The default is one model per element ({@link #toWrite}).
     */
    default Applied apply(MongoCollection<Document> coll, List<T> batch) {
        return new Applied(batch.size(), GuardedWrites.applyInOrder(coll, batch.stream().map(this::toWrite).toList()));
    }

    /**
     * As {@link #apply(MongoCollection, List)}, for writes that consult another collection of
     * {@code db} first (the erasures, docs/SEMANTICS.md "Deleting a photo"); the sink calls this one.
     */
    default Applied apply(MongoDatabase db, MongoCollection<Document> coll, List<T> batch) {
        return apply(coll, batch);
    }

    /**
     * Elements with the same non-null key replace each other in a pending batch (only one is
     * written, see {@link #supersedes}); null keeps every element, in order.
     */
    default String coalesceKey(T element) {
        return null;
    }

    /**
     * Whether {@code newer}, arriving while {@code pending} waits with the same coalesce key, is
     * the one to write. The default is the newer arrival; writes that several operators send in no
     * particular order must keep the one their guard would let win.
     */
    default boolean supersedes(T newer, T pending) {
        return true;
    }
}
