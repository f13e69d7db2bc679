package com.snapmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MongoDB-wire server with one document read by some connections while another keeps
 * widening and narrowing it: every read succeeds and sees the document whole, before or after an
 * update. (The library answers a read with the stored document itself and encodes it outside its
 * lock, while an update changes that document in place: the reader's connection was closed by a
 * ConcurrentModificationException, see {@link CommandLocks}.)
 */
class ConcurrentCommandsITCase {

    private static final int FIELDS = 200;
    private static final int ROUNDS = 1_000;

    @TempDir
    Path dir;

    /** Errors surface at once: no retried read hides a closed connection. */
    private static MongoClient client(EmbeddedMongo mongo) {
        return MongoClients.create(mongo.connectionString() + "/?retryReads=false&retryWrites=false&socketTimeoutMS=30000");
    }

    /** Runs {@code step} until {@code stop}; a step that fails stops the others too. */
    private static Future<?> untilStopped(ExecutorService pool, AtomicBoolean stop, Runnable step) {
        return pool.submit(() -> {
            try {
                while (!stop.get()) {
                    step.run();
                }
            } finally {
                stop.set(true);
            }
        });
    }

    @ParameterizedTest(name = "h2={0}")
    @ValueSource(booleans = {false, true})
    void readsOfADocumentBeingUpdatedSeeItWhole(boolean h2) throws Exception {
        Document wide = new Document();
        List<Bson> narrow = new ArrayList<>();
        for (int i = 0; i < FIELDS; i++) {
            wide.append("f" + i, "value " + i);
            narrow.add(Updates.unset("f" + i));
        }
        Set<Integer> sizesSeen = ConcurrentHashMap.newKeySet();
        AtomicInteger rounds = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (EmbeddedMongo mongo = new EmbeddedMongo().start(h2 ? dir.resolve("c.h2") : null);
                MongoClient writer = client(mongo); MongoClient reader = client(mongo)) {
            MongoCollection<Document> written = writer.getDatabase("hot").getCollection("photos");
            MongoCollection<Document> read = reader.getDatabase("hot").getCollection("photos");
            written.insertOne(new Document("_id", "p").append("n", 0));
            List<Future<?>> all = List.of(
                    untilStopped(pool, stop, () -> {
                        written.updateOne(Filters.eq("_id", "p"), new Document("$set", wide));
                        written.updateOne(Filters.eq("_id", "p"), Updates.combine(narrow));
                        if (rounds.incrementAndGet() == ROUNDS) {
                            stop.set(true);
                        }
                    }),
                    untilStopped(pool, stop, () -> sizesSeen.add(read.find(Filters.eq("_id", "p")).first().size())),
                    untilStopped(pool, stop, () -> sizesSeen.add(
                            read.aggregate(List.of(Aggregates.match(Filters.eq("n", 0)))).first().size())));
            for (Future<?> f : all) {
                f.get(); // rethrows what a writer or reader met
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rounds).hasValue(ROUNDS);
        assertThat(sizesSeen).as("fields of each document read").isSubsetOf(2, 2 + FIELDS);
    }
}
