package com.snapmap.job.prod;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.snapmap.contract.GuardedWrites;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.job.model.PhotoWrite;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Photo writes as idempotent MongoDB updates: {@code $set} of absolute values, so the
 * at-least-once sink replaying a batch after a restore leaves the same documents. A photo the
 * sweeper assigned is left alone, and so is one a sweep has claimed for an event it counts it in
 * ({@code sweepClaim.event}): the sweep points it there next, and the photo must end where it is
 * counted. The single-photo write is an upsert: a replayed topic may carry
 * a photo whose document is gone, and the job creates {@code {_id, eventId, clusterLabel}}, which
 * every reader accepts (the contract's PhotoBson).
 */
public class PhotoWriteModels implements MongoWrites<PhotoWrite> {

    private static final long serialVersionUID = 1L;

    @Override
    public WriteModel<Document> toWrite(PhotoWrite w) {
        if (w.kind == PhotoWrite.Kind.PHOTO) {
            return new UpdateOneModel<>(jobMayWrite(Filters.eq(MongoSchema.ID, w.photoId)),
                    Updates.combine(Updates.set(MongoSchema.EVENT_ID, w.eventId), Updates.set(MongoSchema.CLUSTER_LABEL, w.label)),
                    new UpdateOptions().upsert(true));
        }
        return new UpdateManyModel<>(jobMayWrite(Filters.eq(MongoSchema.CLUSTER_LABEL, w.label)),
                Updates.set(MongoSchema.EVENT_ID, w.eventId));
    }

    private static Bson jobMayWrite(Bson photos) {
        return Filters.and(GuardedWrites.jobPhotoCondition(photos), Filters.exists(MongoSchema.SWEEP_CLAIM + ".event", false));
    }
}
