package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.model.EventDocument;
import com.snapmap.testkit.AppliedOperations.Kind;
import com.snapmap.testkit.MongoExtension;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job's event writes on the MongoDB-wire server, a batch applied as its sink applies it. */
class EventWriteModelsITCase {

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private final EventWriteModels models = new EventWriteModels();
    private final String database = "event_writes" + System.nanoTime();
    private MongoClient client;
    private MongoCollection<Document> events;

    @BeforeEach
    void open() {
        client = MongoClients.create(MONGO.connectionString());
        events = client.getDatabase(database).getCollection(MongoSchema.EVENTS);
    }

    @AfterEach
    void close() {
        client.close();
    }

    /**
     * A batch holds each id once, so its writes go in any order: a refused one costs the server one
     * statement, not a second sending of everything after it (the MongoDB-wire server applies an
     * ordered bulk past a refused write, and resuming after that write applied the rest again).
     */
    @Test
    void aRefusedWriteIsSentOnceAndTheRestOfTheBatchOnce() {
        events.insertOne(new Document(MongoSchema.ID, "x").append(MongoSchema.MERGED_INTO, "y").append(MongoSchema.VERSION, 3L));
        long before = MONGO.applied().of(database, MongoSchema.EVENTS, Kind.WRITE);

        MongoWrites.Applied applied = models.apply(events, List.of(EventDocument.tombstone("x", "z", 5, 1),
                EventDocument.tombstone("a", "y", 2, 1), EventDocument.tombstone("b", "y", 2, 1), EventDocument.tombstone("c", "y", 2, 1)));

        assertThat(applied).isEqualTo(new MongoWrites.Applied(4, 1));
        assertThat(MONGO.applied().of(database, MongoSchema.EVENTS, Kind.WRITE) - before).isEqualTo(4);
        assertThat(events.find(new Document(MongoSchema.ID, "x")).first().getString(MongoSchema.MERGED_INTO)).isEqualTo("y");
        assertThat(events.countDocuments(new Document(MongoSchema.MERGED_INTO, "y"))).isEqualTo(4);
    }

    @Test
    void aBatchNamingAnIdTwiceIsAppliedInOrder() {
        MongoWrites.Applied applied = models.apply(events, List.of(EventDocument.tombstone("a", "y", 2, 1),
                EventDocument.tombstone("a", "z", 2, 1)));

        assertThat(applied.skipped()).isEqualTo(1); // a tombstone is final: the second is refused
        assertThat(events.find(new Document(MongoSchema.ID, "a")).first().getString(MongoSchema.MERGED_INTO)).isEqualTo("y");
    }
}
