package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.WriteModel;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.contract.MongoSchema;
import com.snapmap.testkit.MongoExtension;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's event write is an upsert whose filter is its condition: over a real MongoDB-wire
 * server, a false condition is a duplicate key that is skipped, the writes after it still apply,
 * and two writers of the same id in any order leave the same final document.
 */
class GuardedWritesITCase {

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private static EventSummary members(int n) {
        EventSummary s = new EventSummary();
        for (int i = 0; i < n; i++) {
            s.add("p" + i, 1000L * i, 45 + i * 1e-5, 4 + i * 1e-5);
        }
        return s;
    }

    private static Document stored(MongoCollection<Document> events, String id) {
        return events.find(Filters.eq(MongoSchema.ID, id)).first();
    }

    @Test
    void aNewerVersionWinsWhateverTheOrder() {
        try (MongoClient client = MongoClients.create(MONGO.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("order").getCollection(MongoSchema.EVENTS);
            EventDoc open3 = EventDoc.event("e", members(3), false, 1);
            EventDoc closed3 = EventDoc.event("e", members(3), true, 2);
            EventDoc open2 = EventDoc.event("e", members(2), false, 3);
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (EventDoc d : List.of(closed3, open2, open3, closed3)) {
                writes.add(GuardedWrites.jobEventWrite(d));
            }
            int skipped = GuardedWrites.applyInOrder(events, writes);
            assertThat(skipped).isEqualTo(2); // open2 and open3 came after closed3
            assertThat(EventBson.fromBson(stored(events, "e"))).isEqualTo(closed3);
        }
    }

    @Test
    void twoWritersRacingOnANewIdLeaveTheWriteTheGuardKeeps() throws Exception {
        // A region's open document and the border merge's tombstone for one id come from two sink
        // subtasks. When neither finds the document, both upserts insert: the second one's duplicate
        // key only means that the document now exists, and its condition must be checked again.
        try (MongoClient client = MongoClients.create(MONGO.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("race").getCollection(MongoSchema.EVENTS);
            int ids = 400;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var open = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ids; i++) {
                        GuardedWrites.applyInOrder(events, List.of(GuardedWrites.jobEventWrite(EventDoc.event("r" + i, members(1), false, 1))));
                    }
                    return null;
                });
                var tombstones = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ids; i++) {
                        GuardedWrites.applyInOrder(events, List.of(GuardedWrites.jobEventWrite(EventDoc.tombstone("r" + i, "s", 2, 1))));
                    }
                    return null;
                });
                open.get();
                tombstones.get();
            } finally {
                pool.shutdown();
            }
            List<String> lost = new ArrayList<>();
            for (int i = 0; i < ids; i++) {
                if (!EventBson.fromBson(stored(events, "r" + i)).isTombstone()) {
                    lost.add("r" + i);
                }
            }
            assertThat(lost).as("ids whose tombstone lost the race to an older open document").isEmpty();
        }
    }

    @Test
    void aTombstoneIsFinalAndASweeperOwnedEventIsLeftAlone() {
        try (MongoClient client = MongoClients.create(MONGO.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("final").getCollection(MongoSchema.EVENTS);
            EventDoc tomb = EventDoc.tombstone("t", "s", 5, 1);
            EventDoc swept = EventDoc.event("s", members(6), true, 1);
            swept.owner = MongoSchema.OWNER_SWEEPER;
            swept.version = EventVersion.sweeperChange(EventVersion.closed(5), 6);
            events.insertOne(EventBson.toBson(tomb));
            events.insertOne(EventBson.toBson(swept));

            EventDoc replayedT = EventDoc.event("t", members(9), true, 2); // higher version, still refused
            EventDoc replayedS = EventDoc.event("s", members(40), true, 2);
            EventDoc fresh = EventDoc.event("f", members(1), false, 2);
            int skipped = GuardedWrites.applyInOrder(events,
                    List.of(GuardedWrites.jobEventWrite(replayedT), GuardedWrites.jobEventWrite(replayedS),
                            GuardedWrites.jobEventWrite(fresh)));
            assertThat(skipped).isEqualTo(2);
            assertThat(EventBson.fromBson(stored(events, "t"))).isEqualTo(tomb);
            assertThat(EventBson.fromBson(stored(events, "s"))).isEqualTo(swept);
            assertThat(EventBson.fromBson(stored(events, "f"))).isEqualTo(fresh);
            // Idempotent: the same batch again changes nothing and fails nothing.
            assertThat(GuardedWrites.applyInOrder(events, List.of(GuardedWrites.jobEventWrite(fresh)))).isZero();
            assertThat(EventBson.fromBson(stored(events, "f"))).isEqualTo(fresh);
        }
    }

    @Test
    void photoWritesApplyUnlessTheSweeperOwnsThePhoto() {
        try (MongoClient client = MongoClients.create(MONGO.connectionString())) {
            MongoCollection<Document> photos = client.getDatabase("photos").getCollection(MongoSchema.PHOTOS);
            photos.insertOne(new Document(MongoSchema.ID, "a").append(MongoSchema.CLUSTER_LABEL, "L"));
            photos.insertOne(new Document(MongoSchema.ID, "s").append(MongoSchema.CLUSTER_LABEL, "L")
                    .append(MongoSchema.EVENT_ID, "swept").append(MongoSchema.OWNER, MongoSchema.OWNER_SWEEPER));
            List<WriteModel<Document>> writes = List.of(
                    new com.mongodb.client.model.UpdateOneModel<>(GuardedWrites.jobPhotoCondition(Filters.eq(MongoSchema.ID, "a")),
                            com.mongodb.client.model.Updates.set(MongoSchema.EVENT_ID, "e1"),
                            new com.mongodb.client.model.UpdateOptions().upsert(true)),
                    new com.mongodb.client.model.UpdateManyModel<>(GuardedWrites.jobPhotoCondition(Filters.eq(MongoSchema.CLUSTER_LABEL, "L")),
                            com.mongodb.client.model.Updates.set(MongoSchema.EVENT_ID, "e2")),
                    new com.mongodb.client.model.UpdateOneModel<>(GuardedWrites.jobPhotoCondition(Filters.eq(MongoSchema.ID, "s")),
                            com.mongodb.client.model.Updates.set(MongoSchema.EVENT_ID, "e3"),
                            new com.mongodb.client.model.UpdateOptions().upsert(true)),
                    new com.mongodb.client.model.UpdateOneModel<>(GuardedWrites.jobPhotoCondition(Filters.eq(MongoSchema.ID, "new")),
                            com.mongodb.client.model.Updates.set(MongoSchema.EVENT_ID, "e4"),
                            new com.mongodb.client.model.UpdateOptions().upsert(true)));
            assertThat(GuardedWrites.applyInOrder(photos, writes)).isEqualTo(1);
            assertThat(photos.find(Filters.eq(MongoSchema.ID, "a")).first().getString(MongoSchema.EVENT_ID)).isEqualTo("e2");
            assertThat(photos.find(Filters.eq(MongoSchema.ID, "s")).first().getString(MongoSchema.EVENT_ID)).isEqualTo("swept");
            assertThat(photos.find(Filters.eq(MongoSchema.ID, "new")).first().getString(MongoSchema.EVENT_ID)).isEqualTo("e4");
        }
    }

    @Test
    void aSingleGuardedWriteReportsConditionFalse() {
        try (MongoClient client = MongoClients.create(MONGO.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("single").getCollection(MongoSchema.EVENTS);
            events.insertOne(EventBson.toBson(EventDoc.tombstone("x", "y", 1, 1)));
            var w = GuardedWrites.jobEventWrite(EventDoc.event("x", members(2), false, 1));
            try {
                events.replaceOne(w.getFilter(), w.getReplacement(), w.getReplaceOptions());
                throw new AssertionError("a write over a tombstone must not apply");
            } catch (com.mongodb.MongoWriteException e) {
                assertThat(GuardedWrites.isConditionFalse(e)).isTrue();
            }
        }
    }
}
