package com.snapmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.snapmap.testkit.AppliedOperations.Kind;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class AppliedOperationsITCase {

    @Test
    void eachStatementOfABulkIsOneWriteAndEachQueryOneRead() {
        try (EmbeddedMongo mongo = new EmbeddedMongo().start(); MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("counted").getCollection("photos");
            c.insertMany(List.of(new Document("_id", "a"), new Document("_id", "b")));
            c.bulkWrite(List.of(
                    new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.set("x", 1)),
                    new UpdateOneModel<>(Filters.eq("_id", "b"), Updates.set("x", 2)),
                    new UpdateOneModel<>(Filters.eq("_id", "c"), Updates.set("x", 3), new UpdateOptions().upsert(true))));
            c.find(Filters.eq("x", 1)).into(new ArrayList<>());
            c.countDocuments(Filters.exists("x"));
            client.getDatabase("other").getCollection("photos").insertOne(new Document("_id", "z"));

            AppliedOperations applied = mongo.applied();
            assertThat(applied.of("counted", Kind.WRITE)).isEqualTo(5);
            assertThat(applied.of("counted", Kind.FIND)).isEqualTo(1);
            assertThat(applied.of("counted", Kind.COUNT_OR_AGGREGATE)).isEqualTo(1);
            assertThat(applied.of("other", Kind.WRITE)).isEqualTo(1);
        }
    }

    @Test
    void writesAreCountedPerCollectionAndAnUpdateManyApart() {
        try (EmbeddedMongo mongo = new EmbeddedMongo().start(); MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> photos = client.getDatabase("counted").getCollection("photos");
            photos.insertMany(List.of(new Document("_id", "a").append("l", 1), new Document("_id", "b").append("l", 1)));
            photos.bulkWrite(List.of(new UpdateManyModel<>(Filters.eq("l", 1), Updates.set("x", 1)),
                    new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.set("y", 1))));
            client.getDatabase("counted").getCollection("events").insertOne(new Document("_id", "e"));

            AppliedOperations applied = mongo.applied();
            assertThat(applied.of("counted", "photos", Kind.WRITE)).isEqualTo(4);
            assertThat(applied.of("counted", "photos", Kind.WRITE_MANY)).isEqualTo(1);
            assertThat(applied.of("counted", "events", Kind.WRITE)).isEqualTo(1);
            assertThat(applied.of("counted", Kind.WRITE)).isEqualTo(5);
        }
    }
}
