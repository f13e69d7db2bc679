package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.snapmap.contract.GuardedWrites;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.job.model.PhotoWrite;
import com.snapmap.testkit.MongoExtension;
import java.util.Arrays;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's photo writes on the MongoDB-wire server, applied as its sink applies them: a photo a
 * sweep holds for an event that counts it is left to the sweep; one it has only claimed is not.
 */
class PhotoWriteModelsITCase {

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private final PhotoWriteModels models = new PhotoWriteModels();
    private MongoClient client;
    private MongoCollection<Document> photos;

    @BeforeEach
    void open() {
        client = MongoClients.create(MONGO.connectionString());
        photos = client.getDatabase("photo_writes" + System.nanoTime()).getCollection(MongoSchema.PHOTOS);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private void write(PhotoWrite... writes) {
        GuardedWrites.applyInOrder(photos, Arrays.stream(writes).map(models::toWrite).toList());
    }

    private String eventOf(String photoId) {
        return photos.find(new Document(MongoSchema.ID, photoId)).first().getString(MongoSchema.EVENT_ID);
    }

    @Test
    void aPhotoASweepCountsInAnEventIsLeftToTheSweep() {
        photos.insertOne(new Document(MongoSchema.ID, "p1").append(MongoSchema.CLUSTER_LABEL, "r/p1")
                .append(MongoSchema.SWEEP_CLAIM, new Document("token", "t").append("event", "swept")));

        write(PhotoWrite.photo("p1", "r/p1", "e1"), PhotoWrite.label("r/p1", "e2"));

        assertThat(eventOf("p1")).isNull();
    }

    @Test
    void aPhotoASweepHasOnlyClaimedIsTheJobsToWrite() {
        photos.insertMany(List.of(
                new Document(MongoSchema.ID, "p1").append(MongoSchema.SWEEP_CLAIM, new Document("token", "t")),
                new Document(MongoSchema.ID, "p2").append(MongoSchema.CLUSTER_LABEL, "r/p2")
                        .append(MongoSchema.SWEEP_CLAIM, new Document("token", "t"))));

        write(PhotoWrite.photo("p1", "r/p1", "e1"), PhotoWrite.label("r/p2", "e2"));

        assertThat(List.of(eventOf("p1"), eventOf("p2"))).containsExactly("e1", "e2");
    }
}
