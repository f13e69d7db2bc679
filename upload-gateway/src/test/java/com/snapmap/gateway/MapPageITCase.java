package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.contract.MongoSchema;
import com.snapmap.testkit.MongoExtension;
import io.javalin.Javalin;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The map page in a real headless Chromium against the gateway and the MongoDB-wire server: it
 * draws what the API answers, follows new events and merges while open, and loads nothing from
 * another host when tiles are off; with a tile source it draws its tiles, and falls back to the
 * offline shapes when they do not load. Leaves its screenshots in target/map-page*.png.
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

    static MongoCollection<Document> events() {
        return mongo.getDatabase("snapmap").getCollection(MongoSchema.EVENTS);
    }

    @BeforeEach
    void clean() {
        events().deleteMany(new Document());
    }

    @Test
    void drawsTheViewportsEventsAndFollowsChangesWithinSeconds() throws Exception {
        MongoCollection<Document> events = events();
        events.insertOne(EventDocuments.event("bellecour", 45.7578, 4.8320));
        events.insertOne(EventDocuments.event("part-dieu", 45.7606, 4.8595));
        events.insertOne(EventDocuments.event("paris", 48.8584, 2.2945)); // outside the viewport

        String url = "http://127.0.0.1:" + app.port() + "/#key=" + READER + "&bbox=4.78,45.73,4.90,45.79";
        try (HeadlessChromium page = HeadlessChromium.open(url)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions() // the page may still be navigating from about:blank
                    .until(() -> "2".equals(page.evaluate(COUNT).asText()));
            assertThat(page.evaluate("document.getElementById('map').dataset.ready").asText()).isEqualTo("true");
            assertThat(page.evaluate("location.hash").asText()).as("the key leaves the address bar").doesNotContain(READER);

            // What the job writes as photos arrive: a new event, then a merge (old id becomes a tombstone).
            events.insertOne(EventDocuments.event("perrache", 45.7488, 4.8262));
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

    @Test
    void drawsTheConfiguredTilesAtStreetZoom() throws Exception {
        events().insertOne(EventDocuments.event("bellecour", 45.7578, 4.8320));
        Color tileColour = new Color(0x2e, 0x8b, 0x57);
        try (TileServer tiles = TileServer.start(tileColour)) {
            Javalin withTiles = ReadGateway.start(mongo, READER, new MapTiles(tiles.urlTemplate(), "Test tiles © SnapMap"));
            try (HeadlessChromium page = HeadlessChromium.open(pageUrl(withTiles))) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> "1".equals(page.evaluate(COUNT).asText())
                                && page.evaluate("Number(document.getElementById('map').dataset.tilesLoaded || 0)").asInt() >= 4
                                && page.evaluate("[...document.querySelectorAll('.leaflet-tile')].every(t => t.complete)").asBoolean());
                assertThat(tiles.served()).isGreaterThanOrEqualTo(4);
                assertThat(page.evaluate("document.getElementById('map').dataset.baseMap").asText()).isEqualTo("tiles");
                assertThat(page.evaluate("document.querySelector('.leaflet-tile').src").asText())
                        .startsWith(tiles.urlTemplate().substring(0, tiles.urlTemplate().indexOf("{z}")));
                assertThat(page.evaluate("document.querySelector('.leaflet-control-attribution').textContent").asText())
                        .contains("Test tiles © SnapMap");
                assertThat(page.evaluate("document.getElementById('base-map-note').hidden").asBoolean()).isTrue();
                // Loaded tiles fade in (Leaflet's opacity transition): the colour settles a moment later.
                Path shot = Path.of("target", "map-page-tiles.png");
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    page.screenshot(shot);
                    assertThat(share(ImageIO.read(shot.toFile()), tileColour)).as("share of the screenshot in the tiles' colour")
                            .isGreaterThan(0.5);
                });
            } finally {
                withTiles.stop();
            }
        }
    }

    @Test
    void fallsBackToTheOfflineShapesWhenTilesDoNotLoad() throws Exception {
        events().insertOne(EventDocuments.event("bellecour", 45.7578, 4.8320));
        Javalin unreachable = ReadGateway.start(mongo, READER,
                new MapTiles("http://127.0.0.1:9/{z}/{x}/{y}.png", "Nobody's tiles"));
        try (HeadlessChromium page = HeadlessChromium.open(pageUrl(unreachable))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> "1".equals(page.evaluate(COUNT).asText())
                            && !page.evaluate("document.getElementById('base-map-note').hidden").asBoolean()
                            && page.evaluate("performance.getEntriesByType('resource')"
                                    + ".some(e => e.name.includes('countries-50m.json') && e.responseEnd > 0)").asBoolean());
            assertThat(page.evaluate("document.getElementById('map').dataset.baseMap").asText()).isEqualTo("shapes");
            assertThat(page.evaluate("document.getElementById('base-map-note').textContent").asText())
                    .contains("127.0.0.1:9").contains("offline country shapes");
            Color land = new Color(0xf4, 0xf1, 0xea);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Path shot = Path.of("target", "map-page-fallback.png");
                page.screenshot(shot);
                return share(ImageIO.read(shot.toFile()), land) > 0.5; // the view is all France: land colour
            });
        } finally {
            unreachable.stop();
        }
    }

    @Test
    void thePanelTitlesAnEventInTheViewersTimeZone() throws Exception {
        EventSummary concert = new EventSummary();
        concert.add("p1", Instant.parse("2021-05-01T20:00:00Z").toEpochMilli(), 45.7578, 4.8320);
        concert.add("p2", Instant.parse("2021-05-01T22:30:00Z").toEpochMilli(), 45.7579, 4.8321);
        events().insertOne(EventBson.toBson(EventDoc.event("concert", concert, false, 0)));
        try (HeadlessChromium page = HeadlessChromium.open(pageUrl(app) + "&event=concert")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> "1".equals(page.evaluate(COUNT).asText()));
            page.timeZone("Asia/Tokyo");
            page.evaluate("location.reload()");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> page.evaluate("document.getElementById('event-title').textContent").asText(),
                            t -> t.equals("Lyon, Auvergne-Rhône-Alpes · Sun 2 May, 05:00–07:30 · 2 photos"));
        }
    }

    @Test
    void nearbyEventsAreOneCountedGroupAtLowZoomAndAClickZoomsIn() throws Exception {
        events().insertOne(EventDocuments.event("bellecour", 45.7578, 4.8320));
        events().insertOne(EventDocuments.event("part-dieu", 45.7606, 4.8595));
        events().insertOne(EventDocuments.event("berlin", 52.5163, 13.3777));
        String url = "http://127.0.0.1:" + app.port() + "/#key=" + READER + "&bbox=-5,40,20,56";
        String groups = "[...document.querySelectorAll('.marker-cluster')].map(g => g.textContent.trim())";
        try (HeadlessChromium page = HeadlessChromium.open(url)) {
            // The page may draw the groups once at its starting zoom before it fits the bbox (where
            // all three are one group): wait for the fitted view, in which Lyon's two are one group.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> "3".equals(page.evaluate(COUNT).asText())
                            && List.of("2").equals(texts(page.evaluate(groups))));
            int zoom = page.evaluate("Number(document.getElementById('map').dataset.zoom)").asInt();
            page.evaluate("document.querySelector('.marker-cluster').click()");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> page.evaluate("Number(document.getElementById('map').dataset.zoom)").asInt() > zoom);
            page.screenshot(Path.of("target", "map-page-groups.png"));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String pageUrl(Javalin app) {
        return "http://127.0.0.1:" + app.port() + "/#key=" + READER + "&bbox=4.8290,45.7560,4.8350,45.7596";
    }

    /** The share of pixels within a few levels of {@code c}. */
    private static double share(BufferedImage img, Color c) {
        long hits = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - c.getRed()) <= 6 && Math.abs(((p >> 8) & 0xff) - c.getGreen()) <= 6
                        && Math.abs((p & 0xff) - c.getBlue()) <= 6) {
                    hits++;
                }
            }
        }
        return (double) hits / ((long) img.getWidth() * img.getHeight());
    }
}
