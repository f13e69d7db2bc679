package com.snapmap.gateway;

import static com.snapmap.gateway.EventDocuments.T0;
import static com.snapmap.gateway.EventDocuments.event;
import static com.snapmap.gateway.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.geo.Geohash;
import com.snapmap.contract.MongoSchema;
import com.snapmap.testkit.MongoExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The viewport and photo read routes and the map page, over in-process HTTP against the
 * in-process MongoDB-wire server (no geo operators, like the one-machine stack). Fast; the same
 * routes against Azurite and real uploads are in GatewayITCase.
 */
class EventsApiITCase {

    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();

    static final String READER = "reader-secret";

    static ReadGateway.Running gateway;
    static MongoCollection<Document> events;
    static MongoCollection<Document> photos;
    static Http http;

    @BeforeAll
    static void start() {
        gateway = ReadGateway.start(MONGO.connectionString(), READER);
        events = gateway.mongo().getDatabase("snapmap").getCollection(MongoSchema.EVENTS);
        photos = gateway.mongo().getDatabase("snapmap").getCollection(MongoSchema.PHOTOS);
        http = gateway.http();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void clean() {
        events.deleteMany(new Document());
        photos.deleteMany(new Document());
    }

    HttpResponse<String> get(String pathAndQuery) {
        return http.send(http.request(pathAndQuery, READER).GET().build());
    }

    /** Every eventId of a listing, following nextCursor. */
    List<String> allIds(String query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = get("/v1/events?" + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            page.get("events").forEach(e -> ids.add(e.get("eventId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }

    /** Two events in Lyon 2 km apart, Paris, New York, and two astride the antimeridian near Fiji. */
    static void insertPlaces() {
        events.insertOne(event("lyon-bellecour", 45.7578, 4.8320));
        events.insertOne(event("lyon-part-dieu", 45.7606, 4.8595));
        events.insertOne(event("paris", 48.8584, 2.2945));
        events.insertOne(event("new-york", 40.7580, -73.9855));
        events.insertOne(event("fiji-east", -17.80, 179.95));
        events.insertOne(event("fiji-west", -17.80, -179.95));
    }

    @Test
    void viewportsFromAStreetToTheWorld() {
        insertPlaces();
        events.insertOne(new Document(MongoSchema.ID, "merged-away").append(MongoSchema.MERGED_INTO, "paris"));

        assertThat(allIds("bbox=4.825,45.755,4.840,45.760")).containsExactly("lyon-bellecour");
        assertThat(allIds("bbox=4.7,45.7,4.9,45.8")).containsExactlyInAnyOrder("lyon-bellecour", "lyon-part-dieu");
        assertThat(allIds("bbox=-12,35,32,62")).containsExactlyInAnyOrder("lyon-bellecour", "lyon-part-dieu", "paris");
        assertThat(allIds("bbox=-180,-90,180,90")).containsExactlyInAnyOrder(
                "lyon-bellecour", "lyon-part-dieu", "paris", "new-york", "fiji-east", "fiji-west");
        assertThat(allIds("bbox=179.9,-18,-179.9,-17.5")).containsExactlyInAnyOrder("fiji-east", "fiji-west");
        assertThat(allIds("bbox=179.9,-18,180,-17.5")).containsExactly("fiji-east");
    }

    @ParameterizedTest(name = "radius {0} m")
    @CsvSource({"2000, 1", "10000, 2", "20000, 2", "50000, 2", "500000, 3", "20015087, 6"})
    void radiusFormWorksFarBeyondFiftyKilometres(double radius, int expected) {
        insertPlaces();
        // Paris is ~390 km from Lyon; New York and Fiji only for the whole sphere.
        assertThat(allIds("lat=45.7578&lon=4.8320&radiusM=" + (long) radius)).hasSize(expected);
    }

    @Test
    void radiusAcrossTheAntimeridian() {
        events.insertOne(event("fiji-east", -17.80, 179.95));
        events.insertOne(event("fiji-west", -17.80, -179.95));
        events.insertOne(event("far", -17.80, -179.0));
        assertThat(allIds("lat=-17.80&lon=179.99&radiusM=20000")).containsExactlyInAnyOrder("fiji-east", "fiji-west");
    }

    @Test
    void timeRangeIsOptionalAndFiltersByOverlap() {
        events.insertOne(event("morning", 45.76, 4.83, T0, T0.plusSeconds(3600)));
        events.insertOne(event("next-day", 45.76, 4.83, T0.plusSeconds(86_400), T0.plusSeconds(90_000)));
        String box = "bbox=4.7,45.7,4.9,45.8";
        assertThat(allIds(box)).containsExactlyInAnyOrder("morning", "next-day");
        assertThat(allIds(box + "&from=2024-06-01T10:30:00Z&to=2024-06-01T12:00:00Z")).containsExactly("morning");
        assertThat(allIds(box + "&from=2024-06-02T00:00:00Z")).containsExactly("next-day");
        assertThat(allIds(box + "&to=2024-06-01T09:00:00Z")).isEmpty();
    }

    @Test
    void pagesCoverEveryEventOnceWhateverTheLimit() {
        Random random = new Random(7);
        Set<String> expected = new TreeSet<>();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = "ev-" + i;
            double lat = 45.70 + random.nextDouble() * 0.1;
            double lon = 4.75 + random.nextDouble() * 0.15;
            docs.add(event(id, lat, lon));
            if (Viewport.parse("4.78,45.72,4.86,45.78").contains(lat, lon)) {
                expected.add(id);
            }
        }
        events.insertMany(docs);
        for (int limit : new int[] {9, 1000}) {
            List<String> ids = allIds("bbox=4.78,45.72,4.86,45.78&limit=" + limit);
            assertThat(ids).as("limit %d", limit).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(ids)).as("limit %d", limit).isEqualTo(expected);
        }
        JsonNode first = json(get("/v1/events?bbox=4.78,45.72,4.86,45.78&limit=7"));
        assertThat(first.get("events")).hasSize(7);
        assertThat(first.get("nextCursor").isTextual()).isTrue();
    }

    /** An event as the job writes it: one photo at (lat, lon), named by the contract from its centroid. */
    static Document placed(String id, double lat, double lon, Instant takenAt) {
        EventSummary s = new EventSummary();
        s.add("photo-of-" + id, takenAt.toEpochMilli(), lat, lon);
        return EventBson.toBson(EventDoc.event(id, s, false, takenAt.toEpochMilli()));
    }

    @Test
    void anEventCarriesItsPlaceAndATitleButNotTheSearchKey() {
        events.insertOne(placed("bellecour", 45.7578, 4.8320, Instant.parse("2021-05-01T20:00:00Z")));
        JsonNode e = json(get("/v1/events/bellecour"));
        assertThat(e.get("place").get("name").asText()).isEqualTo("Lyon");
        assertThat(e.get("place").get("region").asText()).isEqualTo("Auvergne-Rhône-Alpes");
        assertThat(e.get("place").get("countryCode").asText()).isEqualTo("FR");
        assertThat(e.get("title").asText()).isEqualTo("Lyon, Auvergne-Rhône-Alpes · Sat 1 May, 20:00 · 1 photo");
        assertThat(e.has("placeKey")).isFalse();
    }

    @Test
    void anEventAtSeaHasNoPlaceAndATitleOfTimeAndCount() {
        events.insertOne(placed("atlantic", 46.0, -30.0, Instant.parse("2021-05-01T20:00:00Z")));
        JsonNode e = json(get("/v1/events/atlantic"));
        assertThat(e.has("place")).isFalse();
        assertThat(e.get("title").asText()).isEqualTo("Sat 1 May, 20:00 · 1 photo");
    }

    @Test
    void eventsAreFoundByPlaceWhateverTheCaseAndAccents() {
        events.insertOne(placed("bellecour", 45.7578, 4.8320, T0));
        events.insertOne(placed("brandenburger-tor", 52.5163, 13.3777, T0));
        events.insertOne(placed("place-jean-jaures", 45.4397, 4.3872, T0));
        assertThat(allIds("place=LYON")).containsExactly("bellecour");
        assertThat(allIds("place=saint%20etienne")).containsExactly("place-jean-jaures");
        assertThat(allIds("place=Saint-%C3%89tienne")).containsExactly("place-jean-jaures");
        assertThat(allIds("place=Paris")).isEmpty();
    }

    @Test
    void eventsOfAPlacePageAndFilterByTimeLikeAnArea() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "lyon-" + i;
            events.insertOne(placed(id, 45.75 + i * 0.001, 4.84, T0.plusSeconds(86_400L * i)));
            all.add(id);
        }
        events.insertOne(placed("berlin", 52.52, 13.40, T0));
        assertThat(allIds("place=lyon&limit=3")).containsExactlyElementsOf(all);
        assertThat(allIds("place=lyon&from=2024-06-03T00:00:00Z&to=2024-06-04T23:00:00Z&limit=1"))
                .containsExactly("lyon-2", "lyon-3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no area                 | /v1/events?from=2024-01-01T00:00:00Z                    | bbox",
        "place and bbox          | /v1/events?place=Lyon&bbox=0,0,1,1                      | place",
        "blank place             | /v1/events?place=%20-%20                                | place",
        "place to before from    | /v1/events?place=Lyon&from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z | to",
        "both forms              | /v1/events?bbox=0,0,1,1&lat=0&lon=0&radiusM=10          | bbox",
        "bad bbox                | /v1/events?bbox=0,0,1                                   | bbox",
        "bbox south above north  | /v1/events?bbox=0,10,1,5                                | bbox",
        "radius too large        | /v1/events?lat=0&lon=0&radiusM=30000000                 | radiusM",
        "radius zero             | /v1/events?lat=0&lon=0&radiusM=0                        | radiusM",
        "lat missing             | /v1/events?lon=0&radiusM=10                             | lat",
        "bad from                | /v1/events?bbox=0,0,1,1&from=yesterday                  | from",
        "to before from          | /v1/events?bbox=0,0,1,1&from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z | to",
        "limit zero              | /v1/events?bbox=0,0,1,1&limit=0                         | limit",
        "limit too large         | /v1/events?bbox=0,0,1,1&limit=5000                      | limit",
        "limit not integer       | /v1/events?bbox=0,0,1,1&limit=2.5                       | limit",
        "bad cursor              | /v1/events?bbox=0,0,1,1&cursor=%25%25                   | cursor",
        "photos bad limit        | /v1/events/x/photos?limit=-1                            | limit",
        "photos foreign cursor   | /v1/events/x/photos?cursor=bm90LWEtdGltZQpwLTE          | cursor",
        "from before year 0      | /v1/events?bbox=0,0,1,1&from=-999999999-01-01T00:00:00Z | from",
        "to after year 9999      | /v1/events?bbox=0,0,1,1&to=%2B292278995-01-01T00:00:00Z | to",
        "circle from before 0    | /v1/events?lat=0&lon=0&radiusM=10&from=-999999999-01-01T00:00:00Z | from",
        "circle to after 9999    | /v1/events?lat=0&lon=0&radiusM=10&to=%2B10000-01-01T00:00:00Z | to",
        "photos cursor year huge | /v1/events/x/photos?cursor=KzI5MjI3ODk5NS0wMS0wMVQwMDowMDowMFoKcC0x | cursor"})
    void badQueriesAre400WithTheField(String name, String pathAndQuery, String field) {
        if (pathAndQuery.startsWith("/v1/events/x/")) {
            events.insertOne(event("x", 1, 1));
        }
        HttpResponse<String> r = get(pathAndQuery);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo(field);
        assertThat(json(r).get("error").asText()).isNotBlank();
    }

    @Test
    void aCursorMovedToAnotherQueryIs400() {
        events.insertOne(event("a", 45.757, 4.831));
        events.insertOne(event("b", 45.758, 4.832));
        photos.insertOne(photo("p-1", "a", T0));
        photos.insertOne(photo("p-2", "a", T0.plusSeconds(1)));
        String events = json(get("/v1/events?bbox=4.7,45.7,4.9,45.8&limit=1")).get("nextCursor").asText();
        String photos = json(get("/v1/events/a/photos?limit=1")).get("nextCursor").asText();
        HttpResponse<String> otherBox = get("/v1/events?bbox=4.7,45.7,5.0,45.9&limit=1&cursor=" + events);
        HttpResponse<String> otherEvent = get("/v1/events/b/photos?limit=1&cursor=" + photos);
        assertThat(List.of(otherBox.statusCode(), otherEvent.statusCode())).containsOnly(400);
        assertThat(List.of(json(otherBox).get("field").asText(), json(otherEvent).get("field").asText()))
                .containsOnly("cursor");
    }

    @Test
    void readRoutesNeedAKey() {
        assertThat(http.send(http.request("/v1/events?bbox=0,0,1,1", null).GET().build()).statusCode()).isEqualTo(401);
        assertThat(http.send(http.request("/v1/events/x/photos", null).GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void photosOfAMergedAwayEventAreTheSurvivorsWithReadUrls() {
        events.insertOne(event("survivor", 45.76, 4.83));
        events.insertOne(new Document(MongoSchema.ID, "old").append(MongoSchema.MERGED_INTO, "survivor"));
        for (int i = 0; i < 5; i++) {
            // p-3 and p-4 still carry the old id: the relabel is eventually consistent.
            photos.insertOne(photo("p-" + i, i < 3 ? "survivor" : "old", T0.plusSeconds(i % 2 == 0 ? 60 : 0)));
        }
        photos.insertOne(photo("elsewhere", "another-event", T0));

        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = get("/v1/events/old/photos?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            assertThat(page.get("eventId").asText()).isEqualTo("survivor");
            page.get("photos").forEach(p -> {
                ids.add(p.get("photoId").asText());
                assertThat(p.get("readUrl").asText()).contains("/photos/" + p.get("photoId").asText() + "?").contains("sig=");
            });
            cursor = page.get("nextCursor").isNull() ? null : URLEncoder.encode(page.get("nextCursor").asText(), StandardCharsets.UTF_8);
        } while (cursor != null);
        assertThat(ids).as("capture order, then id").containsExactly("p-1", "p-3", "p-0", "p-2", "p-4");
        assertThat(get("/v1/events/nope/photos").statusCode()).isEqualTo(404);
    }

    static Document photo(String id, String eventId, Instant takenAt) {
        return new Document(MongoSchema.ID, id)
                .append(MongoSchema.LOCATION, new Document("type", "Point").append("coordinates", List.of(4.83, 45.76)))
                .append(MongoSchema.CELL, Geohash.encode(45.76, 4.83, MongoSchema.PHOTO_CELL_PRECISION))
                .append(MongoSchema.TAKEN_AT, Date.from(takenAt))
                .append(MongoSchema.UPLOADED_AT, Date.from(T0))
                .append(MongoSchema.EVENT_ID, eventId);
    }

    @Test
    void mapPageAndItsLibrariesAreServedFromTheGateway() {
        HttpResponse<String> page = http.send(http.request("/", null).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(GatewayApp.PAGE_POLICY);
        assertThat(page.body()).contains("id=\"map\"").contains("data-event-count").doesNotContain("http://", "https://");
        for (String asset : List.of("/map.js", "/api.js", "/map.css", "/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css",
                "/vendor/topojson-client/dist/topojson-client.min.js", "/vendor/world-atlas/countries-50m.json")) {
            HttpResponse<String> r = http.send(http.request(asset, null).GET().build());
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotBlank();
        }
        assertThat(json(http.send(http.request("/vendor/world-atlas/countries-50m.json", null).GET().build()))
                .get("objects").has("countries")).isTrue();
    }
}
