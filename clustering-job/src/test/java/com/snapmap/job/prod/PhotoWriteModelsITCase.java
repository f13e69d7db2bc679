package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.snapmap.contract.GuardedWrites;
import com.snapmap.contract.MongoSchema;
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

    private MongoWrites.Applied apply(PhotoWrite... writes) {
        return models.apply(photos, List.of(writes));
    }

    private void stored(String... ids) {
        photos.insertMany(Arrays.stream(ids).map(id -> new Document(MongoSchema.ID, id)).toList());
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

    @Test
    void aCrowdsPhotosInOneBatchAreOneWrite() {
        stored("p1", "p2", "p3", "p4");

        MongoWrites.Applied applied = apply(PhotoWrite.photo("p1", "r/p1", "e1"), PhotoWrite.photo("p2", "r/p1", "e1"),
                PhotoWrite.photo("p3", "r/p1", "e1"), PhotoWrite.photo("p4", "r/p1", "e1"));

        assertThat(applied.models()).isEqualTo(1);
        assertThat(List.of(eventOf("p1"), eventOf("p2"), eventOf("p3"), eventOf("p4"))).containsOnly("e1");
        assertThat(photos.find(new Document(MongoSchema.CLUSTER_LABEL, "r/p1")).into(new java.util.ArrayList<>())).hasSize(4);
    }

    @Test
    void aGroupedPhotoWithoutDocumentIsStillCreated() {
        stored("p1", "p2");

        MongoWrites.Applied applied = apply(PhotoWrite.photo("p1", "r/p1", "e1"), PhotoWrite.photo("p2", "r/p1", "e1"),
                PhotoWrite.photo("p3", "r/p1", "e1"));

        assertThat(List.of(eventOf("p1"), eventOf("p2"), eventOf("p3"))).containsOnly("e1");
        assertThat(applied.models()).isEqualTo(4); // the group, then one upsert per photo
    }

    @Test
    void aGroupedPhotoASweepCountsElsewhereIsLeftToTheSweep() {
        stored("p1", "p3");
        photos.insertOne(new Document(MongoSchema.ID, "p2")
                .append(MongoSchema.SWEEP_CLAIM, new Document("token", "t").append("event", "swept")));

        apply(PhotoWrite.photo("p1", "r/p1", "e1"), PhotoWrite.photo("p2", "r/p1", "e1"), PhotoWrite.photo("p3", "r/p1", "e1"));

        assertThat(java.util.Arrays.asList(eventOf("p1"), eventOf("p2"), eventOf("p3"))).containsExactly("e1", null, "e1");
    }

    @Test
    void aRelabelInTheBatchStillAppliesAfterTheLabelsEarlierPhotos() {
        stored("p1", "p2", "p3", "p4");

        apply(PhotoWrite.photo("p1", "r/p1", "e1"), PhotoWrite.photo("p2", "r/p1", "e1"), PhotoWrite.label("r/p1", "e0"),
                PhotoWrite.photo("p3", "r/p1", "e0"), PhotoWrite.photo("p4", "r/p1", "e1"));

        // p4's write comes after the relabel: it is applied after it, as it arrived
        assertThat(List.of(eventOf("p1"), eventOf("p2"), eventOf("p3"), eventOf("p4"))).containsExactly("e0", "e0", "e0", "e1");
    }

    @Test
    void anErasedPhotosWritesCreateNoDocument() {
        stored("p1");
        MongoDatabase db = client.getDatabase(photos.getNamespace().getDatabaseName());
        db.getCollection(MongoSchema.ERASURES).insertMany(List.of(new Document(MongoSchema.ID, "gone"),
                new Document(MongoSchema.ID, "gone-too")));

        MongoWrites.Applied applied = models.apply(db, photos, List.of(PhotoWrite.photo("p1", "r/p1", "e1"),
                PhotoWrite.photo("gone", "r/p1", "e1"), PhotoWrite.photo("gone-too", "r/g", "e2")));

        assertThat(eventOf("p1")).isEqualTo("e1");
        assertThat(photos.countDocuments(new Document(MongoSchema.ID, new Document("$in", List.of("gone", "gone-too"))))).isZero();
        assertThat(applied.skipped()).isEqualTo(2);
    }

    @Test
    void aPhotoWrittenTwiceInTheBatchEndsWithItsLaterWrite() {
        stored("p1", "p2");

        apply(PhotoWrite.photo("p1", "r/p1", "e1"), PhotoWrite.photo("p2", "r/p1", "e1"), PhotoWrite.photo("p1", "r/p1", "e2"));

        assertThat(List.of(eventOf("p1"), eventOf("p2"))).containsExactly("e2", "e1");
    }

    @Test
    void aLabelRelabelledTwiceInOneBatchIsOneWrite() {
        photos.insertMany(List.of(
                new Document(MongoSchema.ID, "p1").append(MongoSchema.CLUSTER_LABEL, "r/p1").append(MongoSchema.EVENT_ID, "e2"),
                new Document(MongoSchema.ID, "p2").append(MongoSchema.CLUSTER_LABEL, "r/p1").append(MongoSchema.EVENT_ID, "e2")));

        MongoWrites.Applied applied = apply(PhotoWrite.label("r/p1", "e1"), PhotoWrite.label("r/p1", "e0"));

        assertThat(applied.models()).isEqualTo(1);
        assertThat(List.of(eventOf("p1"), eventOf("p2"))).containsOnly("e0");
    }

    @Test
    void photosOfALabelRelabelledInTheBatchAreStillOneWrite() {
        photos.insertOne(new Document(MongoSchema.ID, "p0").append(MongoSchema.CLUSTER_LABEL, "r/p1").append(MongoSchema.EVENT_ID, "e1"));
        stored("p1", "p2", "p3");

        MongoWrites.Applied applied = apply(PhotoWrite.photo("p1", "r/p1", "e1"), PhotoWrite.label("r/p1", "e0"),
                PhotoWrite.photo("p2", "r/p1", "e0"), PhotoWrite.photo("p3", "r/p1", "e0"));

        // the relabel, then p1 (relabelled after its write), p2 and p3 as one group
        assertThat(applied.models()).isEqualTo(2);
        assertThat(List.of(eventOf("p0"), eventOf("p1"), eventOf("p2"), eventOf("p3"))).containsOnly("e0");
        assertThat(photos.find(new Document(MongoSchema.CLUSTER_LABEL, "r/p1")).into(new java.util.ArrayList<>())).hasSize(4);
    }

    @Test
    void aPhotoMovedToAnotherLabelIsNotTakenByItsOldLabelsRelabel() {
        photos.insertOne(new Document(MongoSchema.ID, "p1").append(MongoSchema.CLUSTER_LABEL, "r/old").append(MongoSchema.EVENT_ID, "e5"));

        apply(PhotoWrite.photo("p1", "r/new", "e1"), PhotoWrite.label("r/old", "e0"));

        assertThat(eventOf("p1")).isEqualTo("e1");
    }
}
