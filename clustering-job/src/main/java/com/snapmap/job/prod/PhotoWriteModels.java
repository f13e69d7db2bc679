package com.snapmap.job.prod;

import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.job.model.PhotoWrite;
import org.apache.flink.connector.mongodb.sink.writer.context.MongoSinkContext;
import org.apache.flink.connector.mongodb.sink.writer.serializer.MongoSerializationSchema;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Photo writes as idempotent MongoDB updates: {@code $set} of absolute values, so the
 * at-least-once sink replaying a batch after a restore leaves the same documents.
 */
public class PhotoWriteModels implements MongoSerializationSchema<PhotoWrite> {

    private static final long serialVersionUID = 1L;

    @Override
    public WriteModel<BsonDocument> serialize(PhotoWrite w, MongoSinkContext context) {
        if (w.kind == PhotoWrite.Kind.PHOTO) {
            BsonDocument set = new BsonDocument(MongoSchema.EVENT_ID, new BsonString(w.eventId))
                    .append(MongoSchema.CLUSTER_LABEL, new BsonString(w.label));
            // Upsert: the gateway normally created the document first, but a replayed topic may not have.
            return new UpdateOneModel<>(new BsonDocument(MongoSchema.ID, new BsonString(w.photoId)),
                    new BsonDocument("$set", set), new UpdateOptions().upsert(true));
        }
        return new UpdateManyModel<>(new BsonDocument(MongoSchema.CLUSTER_LABEL, new BsonString(w.label)),
                new BsonDocument("$set", new BsonDocument(MongoSchema.EVENT_ID, new BsonString(w.eventId))));
    }
}
