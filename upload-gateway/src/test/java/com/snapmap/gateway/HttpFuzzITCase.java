package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.testkit.EmbeddedMongo;
import io.javalin.Javalin;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bson.Document;

/**
 * Requests generated from /openapi.json (each operation's parameters, valid and mutated, plus
 * hostile upload bodies) against an in-process gateway over the real MongoDB-wire server: every
 * answer must keep to the description ({@link Http} checks it: declared status, JSON body, so no
 * 5xx), and a refused upload must store nothing.
 */
class HttpFuzzITCase {

    static final String KEY = "fuzz-secret";
    static final long MAX_BYTES = 64 * 1024;

    static EmbeddedMongo mongoServer;
    static MongoClient mongo;
    static MongoCollection<Document> photos;
    static Javalin app;
    static Http http;
    static final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    static final List<UploadEvent> published = new CopyOnWriteArrayList<>();

    /** Blob storage kept in memory: the fuzz counts what was stored, nothing else matters here. */
    static final BlobStore MEMORY_BLOBS = new BlobStore() {
        @Override
        public String put(String name, byte[] data, String contentType) {
            blobs.put(name, data);
            return "http://blobs.invalid/photos/" + name;
        }

        @Override
        public void delete(String name) {
            blobs.remove(name);
        }

        @Override
        public String readUrl(String name, Duration ttl) {
            return "http://blobs.invalid/photos/" + name + "?sig=x";
        }
    };

    @BeforeContainer
    static void start() {
        mongoServer = new EmbeddedMongo().start();
        mongo = MongoClients.create(mongoServer.connectionString());
        photos = mongo.getDatabase("snapmap").getCollection(MongoSchema.PHOTOS);
        MongoPhotoRepository repo = new MongoPhotoRepository(mongo, "snapmap").ensureIndexes();
        GatewayConfig config = GatewayConfig.defaults(ApiKeys.parse(ApiKeys.sha256Hex(KEY) + ":upload+read"))
                .withMaxUploadBytes(MAX_BYTES);
        app = GatewayApp.create(config, MEMORY_BLOBS, repo, published::add, Clock.systemUTC()).start("127.0.0.1", 0);
        http = new Http("http://127.0.0.1:" + app.port());
    }

    @AfterContainer
    static void stop() {
        app.stop();
        mongo.close();
        mongoServer.close();
    }

    // ---- values for the parameters the description lists ----

    static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("%,.-+eE0123456789:TZ\u0000\u00ff\u2028").ofMaxLength(30),
                Arbitraries.of("", " ", "NaN", "Infinity", "-0", "1e309", "0x10", "%00", "%zz", "null", "[]", "{}",
                        "-999999999-01-01T00:00:00Z", "+292278995-01-01T00:00:00Z", "1,2,3,4", "180,-90,-180,90",
                        "1,".repeat(5000) + "1"));
    }

    /** A value for a parameter: one its schema allows (often), or anything. */
    static Arbitrary<String> valueFor(JsonNode schema) {
        String type = schema.path("type").asText();
        Arbitrary<String> valid;
        if (type.equals("number") || type.equals("integer")) {
            double min = schema.has("minimum") ? schema.get("minimum").asDouble() : -1e6;
            double max = schema.has("maximum") ? schema.get("maximum").asDouble() : 1e6;
            Arbitrary<Double> inside = Arbitraries.doubles().between(min, max);
            valid = type.equals("integer")
                    ? inside.map(d -> Long.toString(Math.round(d)))
                    : Arbitraries.oneOf(inside.map(Object::toString), Arbitraries.of(min, max, min - 1, max + 1)
                            .map(d -> Long.toString(Math.round(d))));
        } else if (schema.path("format").asText().equals("date-time")) {
            valid = Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L)
                    .map(s -> java.time.Instant.ofEpochSecond(s).toString());
        } else {
            valid = Arbitraries.oneOf(
                    Combinators.combine(Arbitraries.doubles().between(-180, 180), Arbitraries.doubles().between(-90, 90),
                            Arbitraries.doubles().between(-180, 180), Arbitraries.doubles().between(-90, 90))
                            .as((w, s, e, n) -> w + "," + Math.min(s, n) + "," + e + "," + Math.max(s, n)),
                    Arbitraries.strings().alpha().ofMaxLength(12));
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, valid), net.jqwik.api.Tuple.of(2, hostileText()));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** GET requests for every GET operation of the description, its parameters drawn from their schemas. */
    @Provide
    Arbitrary<String> getRequests() {
        JsonNode paths = OpenApiContract.PUBLISHED.spec().get("paths");
        List<Arbitrary<String>> perOperation = new ArrayList<>();
        paths.fields().forEachRemaining(p -> {
            JsonNode get = p.getValue().get("get");
            if (get == null) {
                return;
            }
            Arbitrary<String> request = Arbitraries.just(p.getKey());
            for (JsonNode param : get.path("parameters")) {
                String name = param.get("name").asText();
                Arbitrary<String> value = valueFor(param.path("schema"));
                if (param.get("in").asText().equals("path")) {
                    request = Combinators.combine(request, value).as((r, v) -> r.replace("{" + name + "}",
                            v.isEmpty() ? "x" : encode(v).replace("+", "%20")));
                } else if (param.get("in").asText().equals("query")) {
                    Arbitrary<String> maybe = value.map(v -> name + "=" + encode(v)).injectNull(0.3);
                    request = Combinators.combine(request, maybe).as((r, q) -> q == null ? r
                            : r + (r.contains("?") ? "&" : "?") + q);
                }
            }
            perOperation.add(request);
        });
        return Arbitraries.oneOf(perOperation);
    }

    @Property(tries = 300)
    void everyGetAnswerKeepsToTheDescription(@ForAll("getRequests") String pathAndQuery) {
        HttpResponse<String> r = http.send(http.request(pathAndQuery, KEY).GET().build());
        assertThat(r.statusCode()).as(pathAndQuery).isLessThan(500);
    }

    /** Upload bodies: real images, their truncations and mutations, signature prefixes, noise. */
    @Provide
    Arbitrary<byte[]> images() {
        byte[] jpeg = TestImages.jpeg(3);
        return Arbitraries.oneOf(
                Arbitraries.just(jpeg),
                Arbitraries.integers().between(0, jpeg.length).map(n -> Arrays.copyOf(jpeg, n)),
                Arbitraries.integers().between(0, jpeg.length - 1).flatMap(i -> Arbitraries.bytes().map(b -> {
                    byte[] m = jpeg.clone();
                    m[i] = b;
                    return m;
                })),
                Arbitraries.of("\u0089PNG\r\n\u001a\n", "RIFF\0\0\0\0WEBPVP8 ", "\0\0\0\u0018ftypheic\0\0\0\0", "\u00ff\u00d8\u00ff\u00d9")
                        .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2048));
    }

    @Provide
    Arbitrary<String> uploadQueries() {
        JsonNode post = OpenApiContract.PUBLISHED.spec().at("/paths/~1v1~1photos/post");
        Arbitrary<String> query = Arbitraries.just("");
        for (JsonNode param : post.path("parameters")) {
            if (!param.get("in").asText().equals("query")) {
                continue;
            }
            String name = param.get("name").asText();
            Arbitrary<String> maybe = valueFor(param.path("schema")).map(v -> name + "=" + encode(v)).injectNull(0.2);
            query = Combinators.combine(query, maybe).as((q, p) -> p == null ? q : q + (q.isEmpty() ? "?" : "&") + p);
        }
        return query;
    }

    @Provide
    Arbitrary<String> idempotencyKeys() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(250),
                Arbitraries.of(" ", "k".repeat(9000))).injectNull(0.5);
    }

    @Property(tries = 150)
    void aRefusedUploadStoresNothing(@ForAll("images") byte[] image, @ForAll("uploadQueries") String query,
            @ForAll boolean multipart, @ForAll("idempotencyKeys") String idempotencyKey) {
        long docs = photos.countDocuments();
        int stored = blobs.size();
        int announced = published.size();
        HttpRequest.Builder b = http.request("/v1/photos" + query, KEY);
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> r = http.send(multipart
                ? b
                        .header("Content-Type", "multipart/form-data; boundary=" + Http.BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Http.multipartBody(image, Map.of()))).build()
                : b.header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
        if (r.statusCode() == 201) {
            assertThat(photos.countDocuments()).isEqualTo(docs + 1);
        } else {
            assertThat(List.of(photos.countDocuments(), (long) blobs.size(), (long) published.size()))
                    .as(r.body()).containsExactly(docs, (long) stored, (long) announced);
        }
    }
}
