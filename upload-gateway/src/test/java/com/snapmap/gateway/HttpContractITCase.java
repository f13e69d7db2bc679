package com.snapmap.gateway;

import static com.snapmap.gateway.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.snapmap.contract.MongoSchema;
import com.snapmap.testkit.MongoExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Answers that used to break the published description: each request goes through {@link Http},
 * which checks the response against /openapi.json, and the test asserts the typed answer.
 */
class HttpContractITCase {

    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();

    static final String READER = "reader-secret";

    static ReadGateway.Running gateway;
    static MongoCollection<Document> photos;
    static Http http;

    @BeforeAll
    static void start() {
        gateway = ReadGateway.start(MONGO.connectionString(), READER);
        photos = gateway.mongo().getDatabase("snapmap").getCollection(MongoSchema.PHOTOS);
        http = gateway.http();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    HttpResponse<String> get(String pathAndQuery) {
        return http.send(http.request(pathAndQuery, READER).GET().build());
    }

    @Test
    void aPhotoKnownOnlyFromItsUploadEventHasNoLocation() {
        photos.insertOne(new Document(MongoSchema.ID, "event-only").append(MongoSchema.EVENT_ID, "ev-1"));
        HttpResponse<String> r = get("/v1/photos/event-only");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("eventId").asText()).isEqualTo("ev-1");
        assertThat(json(r).get("location").isNull()).isTrue();
    }

    /**
     * OpenAPI 3.0.3's {@code nullable} only widens a {@code type} beside it: next to {@code allOf} or
     * {@code $ref} the referenced schema still refuses null (ajv says so; networknt lets it pass).
     */
    @Test
    void noNullableSchemaLeansOnAReferencedOne() {
        List<String> found = new ArrayList<>();
        nullableBesideReference(OpenApiContract.PUBLISHED.spec(), "", found);
        assertThat(found).isEmpty();
    }

    private static void nullableBesideReference(JsonNode node, String at, List<String> found) {
        if (node.path("nullable").asBoolean(false) && (node.has("allOf") || node.has("$ref") || node.has("oneOf"))) {
            found.add(at);
        }
        node.fields().forEachRemaining(f -> nullableBesideReference(f.getValue(), at + "/" + f.getKey(), found));
    }

    @Test
    void aNulInAnIdIsAJson400() {
        HttpResponse<String> r = get("/v1/photos/a%00b");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isNotBlank();
    }

    @Test
    void anOverlongUriIsAJson414() {
        HttpResponse<String> r = get("/v1/events?bbox=" + "1,".repeat(40_000) + "1");
        assertThat(r.statusCode()).isEqualTo(414);
        assertThat(json(r).get("error").asText()).isNotBlank();
    }

    @Test
    void anOversizedHeaderIsAJson431() {
        HttpResponse<String> r = http.send(http.request("/v1/events?bbox=0,0,1,1", READER)
                .header("X-Padding", "x".repeat(12 * 1024)).GET().build());
        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(json(r).get("error").asText()).isNotBlank();
    }

    @Test
    void healthAnswersItsDeclaredBody() {
        HttpResponse<String> r = http.send(http.request("/health", null).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void anotherMethodOnADescribedPathIsAJson405() {
        HttpResponse<String> r = http.send(http.request("/v1/events", READER)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(json(r).get("error").asText()).isNotBlank();
    }

    @Test
    void noOperationDeclaresA405ItCannotAnswer() {
        JsonNode paths = OpenApiContract.PUBLISHED.spec().get("paths");
        List<String> declaring405 = new ArrayList<>();
        paths.fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().get("responses").has("405")) {
                declaring405.add(op.getKey() + " " + p.getKey());
            }
        }));
        assertThat(declaring405).isEmpty();
    }

    @Test
    void theLargestDocumentedRadiusIsAccepted() {
        JsonNode radius = OpenApiContract.PUBLISHED.spec().at("/paths/~1v1~1events/get/parameters").findParents("name")
                .stream().filter(p -> p.get("name").asText().equals("radiusM")).findFirst().orElseThrow();
        long max = radius.at("/schema/maximum").asLong();
        HttpResponse<String> r = get("/v1/events?lat=0&lon=0&radiusM=" + max);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
