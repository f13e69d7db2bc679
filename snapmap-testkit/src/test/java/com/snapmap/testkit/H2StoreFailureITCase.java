package com.snapmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An H2 file that breaks under the server fails the write and tells its owner (LocalServersMain exits). */
class H2StoreFailureITCase {

    @Test
    void aClosedStoreFailsTheWriteAndIsReported(@TempDir Path dir) {
        List<RuntimeException> failures = new ArrayList<>();
        IndexedH2Backend backend = new IndexedH2Backend(dir.resolve("s.h2").toString()).onStoreFailure(failures::add);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoCollection<Document> photos = client.getDatabase("snapmap").getCollection("photos");
            photos.insertOne(new Document("_id", "p1"));
            backend.getMvStore().closeImmediately(); // as the MVStore does itself after a write error

            assertThatThrownBy(() -> photos.insertOne(new Document("_id", "p2"))).isInstanceOf(MongoException.class);
            assertThat(failures).isNotEmpty();
        } finally {
            server.shutdownNow();
        }
    }
}
