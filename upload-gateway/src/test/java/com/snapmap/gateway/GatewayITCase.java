package com.snapmap.gateway;

import static com.snapmap.gateway.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.snapmap.core.geo.Geohash;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.testkit.AzuriteExtension;
import com.snapmap.testkit.EmbeddedMongo;
import com.snapmap.testkit.FreePorts;
import com.snapmap.testkit.KafkaExtension;
import com.snapmap.testkit.MongoExtension;
import io.javalin.Javalin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway over real HTTP against real Azurite, the testkit's Kafka broker and MongoDB-wire server. */
class GatewayITCase {

    @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();
    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();
    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    static final String TOPIC = "photo-uploads";
    static final String CONTAINER = GatewayStores.CONTAINER;
    static final String UPLOADER = "uploader-secret";
    static final String READER = "reader-secret";
    static final String OTHER_UPLOADER = "other-uploader-secret";
    static final long MAX_BYTES = 256 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    static final UploadEventCodec CODEC = new UploadEventCodec();

    static MongoClient mongo;
    static MongoCollection<Document> photos;
    static BlobContainerClient container;
    static AzureBlobStore blobs;
    static MongoPhotoRepository repository;
    static final List<AutoCloseable> closeables = new ArrayList<>();
    static Http http;

    @BeforeAll
    static void start() {
        KAFKA.broker().createTopics(1, TOPIC);
        GatewayStores stores = GatewayStores.open(AZURITE.connectionString(), MONGO.connectionString());
        mongo = stores.mongo();
        photos = stores.db().getCollection(MongoSchema.PHOTOS);
        container = stores.container();
        blobs = stores.blobs();
        repository = stores.repository();
        http = new Http(startApp(blobs, repository, KAFKA.bootstrapServers()));
    }

    static GatewayConfig config() {
        return GatewayConfig.defaults(ApiKeys.parse(
                ApiKeys.sha256Hex(UPLOADER) + ":upload+read," + ApiKeys.sha256Hex(READER) + ":read,"
                        + ApiKeys.sha256Hex(OTHER_UPLOADER) + ":upload"))
                .withMaxUploadBytes(MAX_BYTES);
    }

    /** Starts a gateway on a free port; returns its base URL. */
    static String startApp(BlobStore blobStore, PhotoRepository repo, String bootstrap) {
        return startApp(blobStore, repo, bootstrap, Clock.systemUTC());
    }

    static String startApp(BlobStore blobStore, PhotoRepository repo, String bootstrap, Clock clock) {
        KafkaUploadPublisher publisher = new KafkaUploadPublisher(bootstrap, TOPIC, Duration.ofSeconds(2));
        Javalin app = GatewayApp.create(config(), blobStore, repo, publisher, clock).start("127.0.0.1", 0);
        closeables.add(publisher);
        closeables.add(app::stop);
        return "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        mongo.close();
    }

    // ---- helpers ----

    static long photoCount() {
        return photos.countDocuments();
    }

    static long blobCount() {
        return container.listBlobs().stream().count();
    }

    static long kafkaCount() {
        try (KafkaConsumer<String, String> c = consumer()) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    static KafkaConsumer<String, String> consumer() {
        return TopicRecords.consumer(KAFKA.bootstrapServers());
    }

    static List<ConsumerRecord<String, String>> kafkaRecords(String photoId) {
        return TopicRecords.withKey(KAFKA.bootstrapServers(), TOPIC, photoId);
    }

    static HttpRequest idempotentUpload(String key, int seed) {
        return http.request("/v1/photos?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2", UPLOADER)
                .header("Idempotency-Key", key).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.jpeg(seed))).build();
    }

    /** A blob store on a port nobody listens on. */
    static AzureBlobStore unreachableBlobStore() {
        return new AzureBlobStore("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
                + com.snapmap.testkit.Azurite.ACCOUNT_KEY + ";BlobEndpoint=http://127.0.0.1:" + FreePorts.next()
                + "/devstoreaccount1;", CONTAINER, 1, Duration.ofSeconds(2));
    }

    static Map<String, String> fields(String takenAt, String lat, String lon) {
        return Map.of("takenAt", takenAt, "lat", lat, "lon", lon);
    }

    // ---- tests ----

    @Test
    void uploadLandsInBlobMongoAndKafkaWithOneId() throws Exception {
        byte[] image = TestImages.jpeg(10);
        HttpResponse<String> r = http.send(http.multipart(UPLOADER, image, fields("2024-05-01T12:00:00Z", "45.76", "4.83")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r);
        String id = body.get("photoId").asText();
        assertThat(body.get("takenAt").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(body.get("location").get("coordinates").get(0).asDouble()).isEqualTo(4.83);
        assertThat(body.get("location").get("coordinates").get(1).asDouble()).isEqualTo(45.76);
        String storageUrl = body.get("storageUrl").asText();
        assertThat(storageUrl).endsWith("/" + CONTAINER + "/" + id);

        assertThat(container.getBlobClient(id).downloadContent().toBytes()).isEqualTo(image);

        Document doc = photos.find(Filters.eq(MongoSchema.ID, id)).first();
        assertThat(doc).isNotNull();
        assertThat(doc.get(MongoSchema.LOCATION, Document.class).getList("coordinates", Double.class))
                .containsExactly(4.83, 45.76);
        assertThat(doc.get(MongoSchema.LOCATION, Document.class).getString("type")).isEqualTo("Point");
        assertThat(doc.getString(MongoSchema.CELL)).isEqualTo(Geohash.encode(45.76, 4.83, MongoSchema.PHOTO_CELL_PRECISION));
        assertThat(doc.getDate(MongoSchema.TAKEN_AT)).isEqualTo(Date.from(Instant.parse("2024-05-01T12:00:00Z")));
        assertThat(doc.get(MongoSchema.UPLOADED_AT)).isInstanceOf(Date.class);
        assertThat(doc.getString(MongoSchema.STORAGE_URL)).isEqualTo(storageUrl);
        assertThat(doc.getString(MongoSchema.CONTENT_TYPE)).isEqualTo("image/jpeg");
        assertThat(((Number) doc.get(MongoSchema.SIZE_BYTES)).longValue()).isEqualTo(image.length);
        assertThat(doc.getString(MongoSchema.SHA256)).hasSize(64);
        assertThat(doc.containsKey(MongoSchema.EVENT_ID)).isFalse();

        List<ConsumerRecord<String, String>> records = kafkaRecords(id);
        assertThat(records).hasSize(1);
        UploadEvent event = CODEC.parse(records.get(0).value(), Instant.now());
        assertThat(event.photoId).isEqualTo(id);
        assertThat(event.takenAt).isEqualTo(Instant.parse("2024-05-01T12:00:00Z").toEpochMilli());
        assertThat(event.lat).isEqualTo(45.76);
        assertThat(event.lon).isEqualTo(4.83);
        assertThat(event.storageUrl).isEqualTo(storageUrl);
        assertThat(event.sha256).isEqualTo(doc.getString(MongoSchema.SHA256));
        assertThat(event.sizeBytes).isEqualTo(image.length);

        HttpResponse<String> got = http.send(http.request("/v1/photos/" + id, READER).GET().build());
        assertThat(got.statusCode()).isEqualTo(200);
        JsonNode photo = json(got);
        assertThat(photo.get("photoId").asText()).isEqualTo(id);
        assertThat(photo.get("eventId").isNull()).isTrue();
        HttpResponse<byte[]> viaSas = http.getBytes(photo.get("readUrl").asText());
        assertThat(viaSas.statusCode()).isEqualTo(200);
        assertThat(viaSas.body()).isEqualTo(image);
        assertThat(http.getBytes(storageUrl).statusCode()).as("no anonymous read").isGreaterThanOrEqualTo(400);
    }

    @Test
    void rawBodyWithQueryParametersIsAccepted() {
        HttpResponse<String> r = http.send(http.raw("?takenAt=2024-05-01T12:00:00%2B02:00&lat=-33.9&lon=151.2", UPLOADER,
                TestImages.jpeg(11)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("takenAt").asText()).isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void exifSuppliesTimeAndPosition() {
        byte[] image = TestImages.jpegWithExif(12, 48.8584, 2.2945, "2023:07:14 21:30:05");
        HttpResponse<String> r = http.send(http.raw("", UPLOADER, image));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r);
        assertThat(body.get("takenAt").asText()).isEqualTo("2023-07-14T21:30:05Z");
        assertThat(body.get("location").get("coordinates").get(0).asDouble()).isCloseTo(2.2945, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(body.get("location").get("coordinates").get(1).asDouble()).isCloseTo(48.8584, org.assertj.core.data.Offset.offset(1e-6));
    }

    static Stream<Arguments> badRequests() {
        byte[] jpeg = TestImages.jpeg(20);
        String q = "?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2";
        List<Arguments> cases = List.of(
                Arguments.of("no auth", 401, (Function<Http, HttpRequest>) h -> h.raw(q, null, jpeg)),
                Arguments.of("wrong key", 401, (Function<Http, HttpRequest>) h -> h.raw(q, "nope", jpeg)),
                Arguments.of("read-only key uploads", 403, (Function<Http, HttpRequest>) h -> h.raw(q, READER, jpeg)),
                Arguments.of("empty body", 400, (Function<Http, HttpRequest>) h -> h.raw(q, UPLOADER, new byte[0])),
                Arguments.of("truncated JPEG", 422, (Function<Http, HttpRequest>) h -> h.raw(q, UPLOADER, Arrays.copyOf(jpeg, jpeg.length / 2))),
                Arguments.of("text pretending to be JPEG", 415, (Function<Http, HttpRequest>) h -> h.raw(q, UPLOADER,
                        "I am a JPEG, trust me".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("oversize", 413, (Function<Http, HttpRequest>) h -> h.raw(q, UPLOADER, oversize(jpeg))),
                Arguments.of("four-byte JPEG", 400, (Function<Http, HttpRequest>) h -> h.raw(q, UPLOADER,
                        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9})),
                Arguments.of("PNG signature only", 400, (Function<Http, HttpRequest>) h -> h.raw(q, UPLOADER,
                        latin1("\u0089PNG\r\n\u001a\n0000IHDR"))),
                Arguments.of("WebP signature only", 400, (Function<Http, HttpRequest>) h -> h.raw(q, UPLOADER,
                        latin1("RIFF\0\0\0\0WEBPVP8 0000000000000000"))),
                Arguments.of("HEIC signature only", 400, (Function<Http, HttpRequest>) h -> h.raw(q, UPLOADER,
                        latin1("\0\0\0\u0018ftypheic\0\0\0\0mif1heic"))),
                Arguments.of("lat twice", 400, (Function<Http, HttpRequest>) h -> h.raw(q + "&lat=3", UPLOADER, jpeg)),
                Arguments.of("two file parts", 400, (Function<Http, HttpRequest>) h -> h.request("/v1/photos", UPLOADER)
                        .header("Content-Type", "multipart/form-data; boundary=" + Http.BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(twoFileParts(jpeg))).build()),
                Arguments.of("oversize multipart", 413, (Function<Http, HttpRequest>) h -> h.multipart(UPLOADER, oversize(jpeg),
                        fields("2024-05-01T12:00:00Z", "1", "2"))),
                Arguments.of("lat 91", 400, (Function<Http, HttpRequest>) h -> h.raw("?takenAt=2024-05-01T12:00:00Z&lat=91&lon=2", UPLOADER, jpeg)),
                Arguments.of("lon -181", 400, (Function<Http, HttpRequest>) h -> h.raw("?takenAt=2024-05-01T12:00:00Z&lat=1&lon=-181", UPLOADER, jpeg)),
                Arguments.of("lat NaN", 400, (Function<Http, HttpRequest>) h -> h.raw("?takenAt=2024-05-01T12:00:00Z&lat=NaN&lon=2", UPLOADER, jpeg)),
                Arguments.of("future takenAt", 422, (Function<Http, HttpRequest>) h -> h.raw("?takenAt=2999-01-01T00:00:00Z&lat=1&lon=2", UPLOADER, jpeg)),
                Arguments.of("bad takenAt", 400, (Function<Http, HttpRequest>) h -> h.raw("?takenAt=yesterday&lat=1&lon=2", UPLOADER, jpeg)),
                Arguments.of("no time, no EXIF", 422, (Function<Http, HttpRequest>) h -> h.raw("?lat=1&lon=2", UPLOADER, jpeg)),
                Arguments.of("no position, no EXIF", 422, (Function<Http, HttpRequest>) h -> h.raw("?takenAt=2024-05-01T12:00:00Z", UPLOADER, jpeg)),
                Arguments.of("malformed multipart", 400, (Function<Http, HttpRequest>) h -> h.request("/v1/photos", UPLOADER)
                        .header("Content-Type", "multipart/form-data; boundary=" + Http.BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofString("--" + Http.BOUNDARY + "\r\ngarbage without end")).build()),
                Arguments.of("multipart without file", 400, (Function<Http, HttpRequest>) h -> h.request("/v1/photos", UPLOADER)
                        .header("Content-Type", "multipart/form-data; boundary=" + Http.BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofString("--" + Http.BOUNDARY
                                + "\r\nContent-Disposition: form-data; name=\"lat\"\r\n\r\n1\r\n--" + Http.BOUNDARY + "--\r\n")).build()),
                Arguments.of("unknown route", 404, (Function<Http, HttpRequest>) h -> h.request("/v1/nothing", UPLOADER).GET().build()),
                Arguments.of("wrong method", 405, (Function<Http, HttpRequest>) h -> h.request("/v1/photos", UPLOADER)
                        .PUT(HttpRequest.BodyPublishers.noBody()).build()),
                Arguments.of("upload-only read of unknown photo", 404, (Function<Http, HttpRequest>) h -> h.request("/v1/photos/none", READER).GET().build()),
                Arguments.of("events without lat", 400, (Function<Http, HttpRequest>) h -> h.request(
                        "/v1/events?lon=1&radiusM=100&from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z", READER).GET().build()),
                Arguments.of("read without key", 401, (Function<Http, HttpRequest>) h -> h.request("/v1/photos/x", null).GET().build()));
        return cases.stream();
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A multipart body with the fields and two parts named file. */
    static byte[] twoFileParts(byte[] jpeg) {
        byte[] one = Http.multipartBody(jpeg, fields("2024-05-01T12:00:00Z", "1", "2"));
        String end = "\r\n--" + Http.BOUNDARY + "--\r\n";
        byte[] head = Arrays.copyOf(one, one.length - end.length() + 2); // keep "\r\n" before the closing delimiter
        byte[] second = Http.multipartBody(jpeg, Map.of());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(second);
        return out.toByteArray();
    }

    @Test
    void aFieldGivenTwiceIsRefusedNamingIt() {
        HttpResponse<String> lat = http.send(http.raw("?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2&lat=3", UPLOADER, TestImages.jpeg(21)));
        HttpResponse<String> file = http.send(http.request("/v1/photos", UPLOADER)
                .header("Content-Type", "multipart/form-data; boundary=" + Http.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoFileParts(TestImages.jpeg(22)))).build());
        assertThat(List.of(lat.statusCode(), file.statusCode())).containsOnly(400);
        assertThat(List.of(json(lat).get("field").asText(), json(file).get("field").asText())).containsExactly("lat", "file");
    }

    static byte[] oversize(byte[] jpeg) {
        byte[] big = Arrays.copyOf(jpeg, (int) MAX_BYTES + 1024);
        big[big.length - 2] = (byte) 0xFF;
        big[big.length - 1] = (byte) 0xD9;
        return big;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badRequests")
    void badRequestIsRefusedWithJsonAndWritesNothing(String name, int status, Function<Http, HttpRequest> request) {
        long photosBefore = photoCount();
        long blobsBefore = blobCount();
        long kafkaBefore = kafkaCount();
        HttpResponse<String> r = http.send(request.apply(http));
        assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(json(r).get("error").asText()).isNotBlank();
        assertThat(photoCount()).isEqualTo(photosBefore);
        assertThat(blobCount()).isEqualTo(blobsBefore);
        assertThat(kafkaCount()).isEqualTo(kafkaBefore);
    }

    @Test
    void blobStoreDownIs503AndNoDocument() {
        AzureBlobStore down = unreachableBlobStore();
        Http other = new Http(startApp(down, repository, KAFKA.bootstrapServers()));
        long photosBefore = photoCount();
        long kafkaBefore = kafkaCount();
        HttpResponse<String> r = other.send(other.raw("?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2", UPLOADER, TestImages.jpeg(30)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(json(r).get("error").asText()).contains("blob");
        assertThat(photoCount()).isEqualTo(photosBefore);
        assertThat(kafkaCount()).isEqualTo(kafkaBefore);
    }

    @Test
    void mongoDownIs503AndTheBlobIsRemoved() {
        MongoClient deadMongo = MongoClients.create("mongodb://127.0.0.1:" + FreePorts.next()
                + "/?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000");
        closeables.add(deadMongo::close);
        Http other = new Http(startApp(blobs, new MongoPhotoRepository(deadMongo, "snapmap"), KAFKA.bootstrapServers()));
        long blobsBefore = blobCount();
        long kafkaBefore = kafkaCount();
        HttpResponse<String> r = other.send(other.raw("?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2", UPLOADER, TestImages.jpeg(31)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(blobCount()).isEqualTo(blobsBefore);
        assertThat(kafkaCount()).isEqualTo(kafkaBefore);
    }

    @Test
    void aMongoOutageAnswers503WithRetryAfterWithinSeconds() {
        EmbeddedMongo own = new EmbeddedMongo().start();
        closeables.add(own);
        MongoClient client = MongoClientFactory.create(own.connectionString());
        closeables.add(client::close);
        Http other = new Http(startApp(blobs, new MongoPhotoRepository(client, "snapmap").ensureIndexes(Duration.ofHours(1)),
                KAFKA.bootstrapServers()));
        String q = "?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2";
        assertThat(other.send(other.raw(q, UPLOADER, TestImages.jpeg(33))).statusCode()).isEqualTo(201);
        own.close();
        // The first request meets the closed connection at once; later ones wait for server selection.
        for (int seed : new int[] {34, 35}) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = other.send(other.raw(q, UPLOADER, TestImages.jpeg(seed)));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue(Integer.toString(GatewayApp.RETRY_AFTER_S));
            assertThat(json(r).get("error").asText()).contains("unavailable");
            assertThat(took).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void kafkaDownStillStoresThePhotoWithoutEvent() {
        String base = startApp(blobs, repository, "127.0.0.1:" + FreePorts.next());
        Http other = new Http(base);
        HttpResponse<String> r = other.send(other.raw("?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2", UPLOADER, TestImages.jpeg(32)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = json(r).get("photoId").asText();
        HttpResponse<String> got = other.send(other.request("/v1/photos/" + id, READER).GET().build());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json(got).get("eventId").isNull()).isTrue();
        assertThat(kafkaRecords(id)).isEmpty();
        String metrics = other.send(other.request("/metrics", null).GET().build()).body();
        assertThat(metrics).contains("gateway_failures_total{kind=\"kafka\"} 1");
    }

    @Test
    void sameIdempotencyKeyWritesOnce() {
        long photosBefore = photoCount();
        long blobsBefore = blobCount();
        long kafkaBefore = kafkaCount();
        HttpRequest req = idempotentUpload("key-40", 40);
        HttpResponse<String> first = http.send(req);
        HttpResponse<String> second = http.send(req);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(json(second)).isEqualTo(json(first));
        assertThat(photoCount()).isEqualTo(photosBefore + 1);
        assertThat(blobCount()).isEqualTo(blobsBefore + 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kafkaCount()).isEqualTo(kafkaBefore + 1));
        assertThat(kafkaRecords(json(first).get("photoId").asText())).hasSize(1);
    }

    @Test
    void idempotencyKeysAreScopedToTheCaller() {
        HttpResponse<String> mine = http.send(idempotentUpload("shared-key", 43));
        HttpResponse<String> theirs = http.send(http.request("/v1/photos?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2", OTHER_UPLOADER)
                .header("Idempotency-Key", "shared-key").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.jpeg(44))).build());
        assertThat(mine.statusCode()).isEqualTo(201);
        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(201);
        assertThat(json(theirs).get("photoId").asText()).isNotEqualTo(json(mine).get("photoId").asText());
    }

    @Test
    void reusedKeyWithADifferentRequestIs422() {
        assertThat(http.send(idempotentUpload("key-45", 45)).statusCode()).isEqualTo(201);
        long photosBefore = photoCount();
        HttpResponse<String> r = http.send(idempotentUpload("key-45", 46));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(json(r).get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(photoCount()).isEqualTo(photosBefore);
    }

    @Test
    void concurrentRequestsWithOneKeyWriteOnce() {
        long photosBefore = photoCount();
        long blobsBefore = blobCount();
        HttpRequest req = idempotentUpload("key-41", 41);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> http.send(req)));
            }
            Set<String> ids = new java.util.HashSet<>();
            for (java.util.concurrent.Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isIn(201, 409);
                if (r.statusCode() == 201) {
                    ids.add(json(r).get("photoId").asText());
                }
            }
            assertThat(ids).hasSize(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        assertThat(photoCount()).isEqualTo(photosBefore + 1);
        assertThat(blobCount()).isEqualTo(blobsBefore + 1);
        HttpResponse<String> later = http.send(req);
        assertThat(later.statusCode()).isEqualTo(201);
    }

    @Test
    void failedUploadReleasesItsIdempotencyKey() {
        AzureBlobStore down = unreachableBlobStore();
        Http broken = new Http(startApp(down, repository, KAFKA.bootstrapServers()));
        HttpRequest.Builder req = HttpRequest.newBuilder()
                .header("Authorization", "Bearer " + UPLOADER)
                .header("Idempotency-Key", "key-42").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.jpeg(42)));
        String q = "/v1/photos?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2";
        assertThat(broken.send(req.copy().uri(broken.request(q, null).build().uri()).build()).statusCode()).isEqualTo(503);
        HttpResponse<String> retry = http.send(req.copy().uri(http.request(q, null).build().uri()).build());
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
    }

    /**
     * The real repository, as seen by a gateway that dies after writing the photo and before
     * answering: recording the response fails the request, and a dead process releases nothing.
     */
    static PhotoRepository dyingBeforeTheAnswer(PhotoRepository real) {
        return (PhotoRepository) java.lang.reflect.Proxy.newProxyInstance(PhotoRepository.class.getClassLoader(),
                new Class<?>[] {PhotoRepository.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "completeIdempotencyKey":
                            throw new IllegalStateException("the gateway died before answering");
                        case "releaseIdempotencyKey":
                            return null;
                        default:
                            try {
                                return method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    /** Uploads with a key through a gateway that dies before answering, then retries it through {@code retryClock}'s. */
    static HttpResponse<String> retryAfterACrash(String key, int seed, Clock retryClock) {
        Http dying = new Http(startApp(blobs, dyingBeforeTheAnswer(repository), KAFKA.bootstrapServers()));
        Http healthy = new Http(startApp(blobs, repository, KAFKA.bootstrapServers(), retryClock));
        HttpRequest req = idempotentUpload(key, seed);
        // A simulated crash answers 500, which the description rightly does not declare.
        assertThat(dying.sendUnchecked(HttpRequest.newBuilder(req, (n, v) -> true)
                .uri(dying.request(req.uri().getRawPath() + "?" + req.uri().getRawQuery(), null).build().uri()).build())
                .statusCode()).isEqualTo(500);
        return healthy.send(HttpRequest.newBuilder(req, (n, v) -> true)
                .uri(healthy.request(req.uri().getRawPath() + "?" + req.uri().getRawQuery(), null).build().uri()).build());
    }

    /** The real repository, whose insert is applied but whose reply is lost (MongoDB answers too late). */
    static PhotoRepository insertAppliedReplyLost(PhotoRepository real) {
        return (PhotoRepository) java.lang.reflect.Proxy.newProxyInstance(PhotoRepository.class.getClassLoader(),
                new Class<?>[] {PhotoRepository.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(real, args);
                        if (method.getName().equals("insert")) {
                            throw new StoreUnavailableException("mongo", "the insert's reply timed out", null);
                        }
                        return result;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anInsertWhoseReplyWasLostStoresThePhotoOnceWithItsBytes() {
        long photosBefore = photoCount();
        Http lossy = new Http(startApp(blobs, insertAppliedReplyLost(repository), KAFKA.bootstrapServers()));
        Http healthy = new Http(startApp(blobs, repository, KAFKA.bootstrapServers()));
        HttpRequest req = idempotentUpload("key-reply-lost", 53);
        lossy.send(HttpRequest.newBuilder(req, (n, v) -> true)
                .uri(lossy.request(req.uri().getRawPath() + "?" + req.uri().getRawQuery(), null).build().uri()).build());
        HttpResponse<String> retry = healthy.send(HttpRequest.newBuilder(req, (n, v) -> true)
                .uri(healthy.request(req.uri().getRawPath() + "?" + req.uri().getRawQuery(), null).build().uri()).build());
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        String photoId = json(retry).get("photoId").asText();
        assertThat(photoCount()).as("photo documents of one upload and its retry").isEqualTo(photosBefore + 1);
        assertThat(container.getBlobClient(photoId).exists()).as("the bytes of the acknowledged photo").isTrue();
    }

    @Test
    void aRetryAfterTheGatewayDiedBetweenInsertAndAnswerGetsTheStoredPhoto() {
        long photosBefore = photoCount();
        long blobsBefore = blobCount();
        HttpResponse<String> retry = retryAfterACrash("key-crash-1", 47, Clock.systemUTC());
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(photoCount()).isEqualTo(photosBefore + 1);
        assertThat(blobCount()).isEqualTo(blobsBefore + 1);
        assertThat(photos.find(Filters.eq(MongoSchema.ID, json(retry).get("photoId").asText())).first()).isNotNull();
    }

    @Test
    void aRetryAfterTheTakeoverDelayStillGetsTheStoredPhoto() {
        long photosBefore = photoCount();
        Clock later = Clock.offset(Clock.systemUTC(), UploadService.IDEMPOTENCY_STALE_AFTER.plusMinutes(1));
        HttpResponse<String> retry = retryAfterACrash("key-crash-2", 48, later);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(photoCount()).isEqualTo(photosBefore + 1);
        assertThat(photos.find(Filters.eq(MongoSchema.ID, json(retry).get("photoId").asText())).first()).isNotNull();
    }

    @Test
    void eventsFollowMergesAndAreFoundNearby() {
        MongoCollection<Document> events = mongo.getDatabase("snapmap").getCollection(MongoSchema.EVENTS);
        Instant start = Instant.parse("2024-06-01T10:00:00Z");
        events.insertOne(event("ev-survivor", 45.7600, 4.8300, start, start.plusSeconds(3600)));
        events.insertOne(event("ev-far", 45.9000, 4.8300, start, start.plusSeconds(3600)));
        events.insertOne(event("ev-later", 45.7601, 4.8301, start.plusSeconds(86_400 * 3), start.plusSeconds(86_400 * 3 + 60)));
        events.insertOne(new Document(MongoSchema.ID, "ev-old").append(MongoSchema.MERGED_INTO, "ev-mid").append(MongoSchema.VERSION, 2));
        events.insertOne(new Document(MongoSchema.ID, "ev-mid").append(MongoSchema.MERGED_INTO, "ev-survivor").append(MongoSchema.VERSION, 3));
        events.insertOne(new Document(MongoSchema.ID, "ev-loop-a").append(MongoSchema.MERGED_INTO, "ev-loop-b"));
        events.insertOne(new Document(MongoSchema.ID, "ev-loop-b").append(MongoSchema.MERGED_INTO, "ev-loop-a"));

        HttpResponse<String> merged = http.send(http.request("/v1/events/ev-old", READER).GET().build());
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(json(merged).get("eventId").asText()).isEqualTo("ev-survivor");
        assertThat(json(merged).get("startAt").asText()).isEqualTo(start.toString());
        assertThat(http.send(http.request("/v1/events/ev-loop-a", READER).GET().build()).statusCode()).isEqualTo(404);

        HttpResponse<String> near = http.send(http.request("/v1/events?lat=45.7605&lon=4.8305&radiusM=2000"
                + "&from=2024-06-01T10:30:00Z&to=2024-06-01T12:00:00Z", READER).GET().build());
        assertThat(near.statusCode()).as(near.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(near).get("events").forEach(e -> ids.add(e.get("eventId").asText()));
        assertThat(ids).containsExactly("ev-survivor");
    }

    @Test
    void largeRadiiAndViewportsAnswerThroughTheCellIndex() {
        MongoCollection<Document> events = mongo.getDatabase("snapmap").getCollection(MongoSchema.EVENTS);
        Instant start = Instant.parse("2023-03-01T10:00:00Z");
        events.insertOne(event("ev-lyon-wide", 45.70, 4.80, start, start.plusSeconds(600)));
        events.insertOne(event("ev-villeurbanne", 45.77, 4.88, start, start.plusSeconds(600)));
        events.insertOne(event("ev-grenoble", 45.19, 5.72, start, start.plusSeconds(600)));
        String when = "&from=2023-03-01T00:00:00Z&to=2023-03-02T00:00:00Z";
        // These radii used to be refused ("cell precision 5 is too fine...").
        for (int radius : new int[] {10_000, 20_000, 50_000, 100_000}) {
            HttpResponse<String> r = http.send(http.request("/v1/events?lat=45.74&lon=4.84&radiusM=" + radius + when, READER).GET().build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            json(r).get("events").forEach(e -> ids.add(e.get("eventId").asText()));
            assertThat(ids).as("radius %d", radius).contains("ev-lyon-wide", "ev-villeurbanne");
            assertThat(ids.contains("ev-grenoble")).as("radius %d", radius).isEqualTo(radius >= 100_000);
        }
        HttpResponse<String> box = http.send(http.request("/v1/events?bbox=-10,35,30,60&limit=2" + when, READER).GET().build());
        assertThat(box.statusCode()).as(box.body()).isEqualTo(200);
        assertThat(json(box).get("events")).hasSize(2);
        HttpResponse<String> rest = http.send(http.request("/v1/events?bbox=-10,35,30,60&limit=2" + when
                + "&cursor=" + json(box).get("nextCursor").asText(), READER).GET().build());
        assertThat(json(rest).get("events")).hasSize(1);
        assertThat(json(rest).get("nextCursor").isNull()).isTrue();
    }

    @Test
    void anEventsPhotosComeWithReadUrlsThatServeTheirBytes() {
        List<String> ids = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            images.add(TestImages.jpeg(60 + i));
            HttpResponse<String> r = http.send(http.raw("?takenAt=2024-07-01T12:0" + i + ":00Z&lat=48.8584&lon=2.2945",
                    UPLOADER, images.get(i)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            ids.add(json(r).get("photoId").asText());
        }
        // What the clustering job writes once it has linked the photos.
        MongoCollection<Document> events = mongo.getDatabase("snapmap").getCollection(MongoSchema.EVENTS);
        Instant start = Instant.parse("2024-07-01T12:00:00Z");
        events.insertOne(event("ev-eiffel", 48.8584, 2.2945, start, start.plusSeconds(120)));
        events.insertOne(new Document(MongoSchema.ID, "ev-eiffel-provisional").append(MongoSchema.MERGED_INTO, "ev-eiffel"));
        photos.updateMany(Filters.in(MongoSchema.ID, ids), new Document("$set", new Document(MongoSchema.EVENT_ID, "ev-eiffel")));

        HttpResponse<String> r = http.send(http.request("/v1/events/ev-eiffel-provisional/photos", READER).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("eventId").asText()).isEqualTo("ev-eiffel");
        JsonNode listed = json(r).get("photos");
        assertThat(listed).hasSize(3);
        for (JsonNode p : listed) {
            int i = ids.indexOf(p.get("photoId").asText());
            assertThat(i).isNotNegative();
            HttpResponse<byte[]> bytes = http.getBytes(p.get("readUrl").asText());
            assertThat(bytes.statusCode()).isEqualTo(200);
            assertThat(bytes.body()).isEqualTo(images.get(i));
        }
    }

    static Document event(String id, double lat, double lon, Instant start, Instant end) {
        return new Document(MongoSchema.ID, id)
                .append(MongoSchema.CENTROID, new Document("type", "Point").append("coordinates", List.of(lon, lat)))
                .append(MongoSchema.START_AT, Date.from(start))
                .append(MongoSchema.END_AT, Date.from(end))
                .append(MongoSchema.PHOTO_COUNT, 3)
                .append(MongoSchema.STATUS, MongoSchema.STATUS_OPEN)
                .append(MongoSchema.CELL, Geohash.encode(lat, lon, MongoSchema.EVENT_CELL_PRECISION));
    }

    @Test
    void aPhotoDocumentTheJobCreatedIsServedWithWhatItHas() throws Exception {
        // A replayed upload event for a photo the gateway never stored: the job upserts this alone.
        photos.insertOne(new Document(MongoSchema.ID, "job-only").append(MongoSchema.EVENT_ID, "ev-job")
                .append(MongoSchema.CLUSTER_LABEL, "label-1"));
        HttpResponse<String> r = http.send(http.request("/v1/photos/job-only", READER).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("eventId").asText()).isEqualTo("ev-job");
        assertThat(body.get("takenAt").isNull()).isTrue();
        assertThat(body.get("location").isNull()).isTrue();
        assertThat(body.get("readUrl").isNull()).isTrue();
    }

    @Test
    void healthMetricsAndOpenApiDescribeTheRoutes() throws Exception {
        assertThat(http.send(http.request("/health", null).GET().build()).statusCode()).isEqualTo(200);
        http.send(http.raw("?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2", UPLOADER, TestImages.jpeg(50)));
        String metrics = http.send(http.request("/metrics", null).GET().build()).body();
        // Upload latency as histogram buckets (aggregatable) and as p50/p95/p99; counts by route and status.
        assertThat(metrics).containsPattern(
                "gateway_http_requests_seconds_bucket\\{method=\"POST\",route=\"/v1/photos\",status=\"201\",le=\"[0-9.]+\"\\} [1-9]");
        assertThat(metrics).containsPattern("gateway_http_latency_seconds\\{method=\"POST\",route=\"/v1/photos\",status=\"201\",quantile=\"0.99\"\\} [0-9]");
        assertThat(metrics).containsPattern("gateway_http_requests_seconds_count\\{method=\"POST\",route=\"/v1/photos\",status=\"201\"\\} [1-9]");
        assertThat(metrics).contains("gateway_uploaded_bytes_total ");
        JsonNode spec = json(http.send(http.request("/openapi.json", null).GET().build()));
        assertThat(spec.get("openapi").asText()).startsWith("3.");
        Set<String> paths = new java.util.TreeSet<>();
        spec.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder(
                "/v1/photos", "/v1/photos/{id}", "/v1/events/{id}", "/v1/events/{id}/photos", "/v1/events", "/health",
                "/metrics", "/openapi.json", "/map-config.json");
    }
}
