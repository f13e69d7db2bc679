package com.snapmap.job.prod;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.snapmap.core.store.MongoSchema;
import org.bson.Document;

/** The indexes of DESIGN.md §4, created at job start; creating an existing index is a no-op. */
public final class MongoIndexes {

    private MongoIndexes() {}

    public static void ensure(MongoDatabase db) {
        var photos = db.getCollection(MongoSchema.PHOTOS);
        photos.createIndex(new Document(MongoSchema.LOCATION, "2dsphere"), new IndexOptions().name("location_2dsphere"));
        photos.createIndex(new Document(MongoSchema.CELL, 1).append(MongoSchema.TAKEN_AT, 1), new IndexOptions().name("cell_takenAt"));
        photos.createIndex(new Document(MongoSchema.UPLOADED_AT, 1), new IndexOptions().name("uploadedAt"));
        photos.createIndex(new Document(MongoSchema.EVENT_ID, 1), new IndexOptions().name("eventId"));
        // The labeler's relabel is an updateMany on clusterLabel: without this it scans the collection.
        photos.createIndex(new Document(MongoSchema.CLUSTER_LABEL, 1), new IndexOptions().name("clusterLabel"));
        var events = db.getCollection(MongoSchema.EVENTS);
        events.createIndex(new Document(MongoSchema.CENTROID, "2dsphere"), new IndexOptions().name("centroid_2dsphere"));
        events.createIndex(new Document(MongoSchema.CELL, 1).append(MongoSchema.END_AT, 1), new IndexOptions().name("cell_endAt"));
    }
}
