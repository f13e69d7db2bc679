package com.snapmap.job.prod;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.WriteModel;
import com.snapmap.contract.GuardedWrites;
import com.snapmap.job.model.EventDocument;
import java.util.List;
import org.bson.Document;

/**
 * Event documents and tombstones as the contract's guarded upserts (and the deletion of a hot event
 * whose every photo was erased, under the same condition): a document is written only over none,
 * or over a live event of a version not above its own that the cold path (or an earlier build's
 * sweeper) has not taken over. So a replay rewrites the same documents, never undoes a tombstone
 * or a cold-path merge, and of two
 * operators writing one id out of order the higher version stays.
 */
public class EventWriteModels implements MongoWrites<EventDocument> {

    private static final long serialVersionUID = 1L;

    @Override
    public WriteModel<Document> toWrite(EventDocument d) {
        if (d.erased) {
            // Every photo of a hot event erased (docs/SEMANTICS.md, "Deleting a photo"): under the same condition.
            return new DeleteOneModel<>(GuardedWrites.jobEventCondition(d.eventId, d.version));
        }
        return GuardedWrites.jobEventWrite(d);
    }

    /**
     * The sink's batch holds each id once (its coalesce key), so the writes commute and go as one
     * unordered bulk; a batch naming an id twice goes in order.
     */
    @Override
    public Applied apply(MongoCollection<Document> coll, List<EventDocument> batch) {
        List<WriteModel<Document>> models = batch.stream().map(this::toWrite).toList();
        if (batch.stream().map(d -> d.eventId).distinct().count() < batch.size()) {
            return new Applied(models.size(), GuardedWrites.applyInOrder(coll, models));
        }
        return new Applied(models.size(), MongoWrites.applyUnordered(coll, models).refused());
    }

    @Override
    public String coalesceKey(EventDocument d) {
        return d.eventId;
    }

    /**
     * The write the guard would keep: a tombstone is final, otherwise the higher version. The
     * regions and the border merge send one id's documents in no particular order, so the newest
     * arrival may be the older state (an open document after the tombstone that retired its id).
     */
    @Override
    public boolean supersedes(EventDocument newer, EventDocument pending) {
        if (pending.isTombstone()) {
            return false;
        }
        return newer.isTombstone() || newer.version >= pending.version;
    }
}
