package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.testkit.MongoExtension;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The map page in a real headless Chromium against the gateway and the MongoDB-wire server: it
 * draws what the API answers, follows new events and merges while open, and loads nothing from
 * another host. Leaves its screenshot in target/map-page.png.
 */
class MapPageITCase {

    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();

    static final String READER = "page-reader-secret";
    /** Null-safe: the first polls may run before the page has loaded. */
    static final String COUNT = "document.getElementById('map')?.dataset.eventCount";

    static MongoClient mongo;
    static Javalin app;

    @BeforeAll
    static void start() {
        mongo = MongoClients.create(MONGO.connectionString());
        app = ReadGateway.start(mongo, READER);
    }

    @AfterAll
    static void stop() {
        app.stop();
        mongo.close();
    }

    @Test
    void drawsTheViewportsEventsAndFollowsChangesWithinSeconds() throws Exception {
        MongoCollection<Document> events = mongo.getDatabase("snapmap").getCollection(MongoSchema.EVENTS);
        events.insertOne(EventsApiTest.event("bellecour", 45.7578, 4.8320));
        events.insertOne(EventsApiTest.event("part-dieu", 45.7606, 4.8595));
        events.insertOne(EventsApiTest.event("paris", 48.8584, 2.2945)); // outside the viewport

        String url = "http://127.0.0.1:" + app.port() + "/#key=" + READER + "&bbox=4.78,45.73,4.90,45.79";
        try (HeadlessChromium page = HeadlessChromium.open(url)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions() // the page may still be navigating from about:blank
                    .until(() -> "2".equals(page.evaluate(COUNT).asText()));
            assertThat(page.evaluate("document.getElementById('map').dataset.ready").asText()).isEqualTo("true");
            assertThat(page.evaluate("location.hash").asText()).as("the key leaves the address bar").doesNotContain(READER);

            // What the job writes as photos arrive: a new event, then a merge (old id becomes a tombstone).
            events.insertOne(EventsApiTest.event("perrache", 45.7488, 4.8262));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "3".equals(page.evaluate(COUNT).asText()));
            events.deleteOne(new Document(MongoSchema.ID, "part-dieu"));
            events.insertOne(new Document(MongoSchema.ID, "part-dieu").append(MongoSchema.MERGED_INTO, "bellecour"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "2".equals(page.evaluate(COUNT).asText()));

            // Base map shapes drawn, and every resource came from the gateway itself.
            await().atMost(Duration.ofSeconds(30)).until(() -> page.evaluate(
                    "performance.getEntriesByType('resource').some(e => e.name.includes('countries-50m.json'))").asBoolean());
            assertThat(page.evaluate("performance.getEntriesByType('resource')"
                    + ".filter(e => !e.name.startsWith(location.origin)).map(e => e.name)").size()).isZero();

            Path shot = Path.of("target", "map-page.png");
            page.screenshot(shot);
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }
}
