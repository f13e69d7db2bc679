package com.snapmap.job.prod;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.job.model.EventDocument;
import org.apache.flink.connector.mongodb.sink.writer.context.MongoSinkContext;
import org.apache.flink.connector.mongodb.sink.writer.serializer.MongoSerializationSchema;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonString;

/** Event documents and tombstones as absolute upserts by {@code _id}: a replay rewrites the same document. */
public class EventWriteModels implements MongoSerializationSchema<EventDocument> {

    private static final long serialVersionUID = 1L;

    @Override
    public WriteModel<BsonDocument> serialize(EventDocument d, MongoSinkContext context) {
        return new ReplaceOneModel<>(new BsonDocument(MongoSchema.ID, new BsonString(d.eventId)), toBson(d),
                new ReplaceOptions().upsert(true));
    }

    public static BsonDocument toBson(EventDocument d) {
        BsonDocument doc = new BsonDocument(MongoSchema.ID, new BsonString(d.eventId));
        if (d.isTombstone()) {
            return doc.append(MongoSchema.MERGED_INTO, new BsonString(d.mergedInto))
                    .append(MongoSchema.VERSION, new BsonInt64(d.version))
                    .append(MongoSchema.UPDATED_AT, new BsonDateTime(d.updatedAt));
        }
        BsonDocument centroid = new BsonDocument("type", new BsonString("Point"))
                .append("coordinates", new BsonArray(java.util.List.of(new BsonDouble(d.centroidLon), new BsonDouble(d.centroidLat))));
        return doc.append(MongoSchema.CENTROID, centroid)
                .append(MongoSchema.BBOX, new BsonArray(java.util.List.of(new BsonDouble(d.west), new BsonDouble(d.south),
                        new BsonDouble(d.east), new BsonDouble(d.north))))
                .append(MongoSchema.RADIUS_METERS, new BsonDouble(d.radiusMeters))
                .append(MongoSchema.START_AT, new BsonDateTime(d.startAt))
                .append(MongoSchema.END_AT, new BsonDateTime(d.endAt))
                .append(MongoSchema.PHOTO_COUNT, new BsonInt64(d.photoCount))
                .append(MongoSchema.VERSION, new BsonInt64(d.version))
                .append(MongoSchema.STATUS, new BsonString(d.status))
                .append(MongoSchema.UPDATED_AT, new BsonDateTime(d.updatedAt))
                .append(MongoSchema.FIRST_PHOTO_ID, new BsonString(d.firstPhotoId))
                .append(MongoSchema.CELL, new BsonString(d.cell));
    }
}
