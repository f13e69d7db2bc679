package com.snapmap.job.prod;

import com.mongodb.client.model.WriteModel;
import com.snapmap.contract.GuardedWrites;
import com.snapmap.job.model.EventDocument;
import org.bson.Document;

/**
 * Event documents and tombstones as the contract's guarded upserts: a document is written only
 * over none, or over a live event of a version not above its own that the cold path (or an earlier
 * build's sweeper) has not taken over. So a replay rewrites the same documents, never undoes a
 * tombstone or a cold-path merge, and of two
 * operators writing one id out of order the higher version stays.
 */
public class EventWriteModels implements MongoWrites<EventDocument> {

    private static final long serialVersionUID = 1L;

    @Override
    public WriteModel<Document> toWrite(EventDocument d) {
        return GuardedWrites.jobEventWrite(d);
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
