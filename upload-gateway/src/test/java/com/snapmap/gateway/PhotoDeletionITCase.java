package com.snapmap.gateway;

import static com.snapmap.gateway.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.PhotoErasure;
import com.snapmap.contract.Topics;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.testkit.AzuriteExtension;
import com.snapmap.testkit.KafkaExtension;
import com.snapmap.testkit.MongoExtension;
import io.javalin.Javalin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DELETE /v1/photos/{id} and DELETE /v1/photos?uploader= over real HTTP against real Azurite, the
 * testkit's Kafka broker and MongoDB-wire server: the tombstone on photo-uploads, the blob, the
 * document, who may delete, repeats, bulk deletion and the races with an upload.
 */
class PhotoDeletionITCase {

    @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();
    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();
    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    static final String TOPIC = Topics.UPLOADS;
    static final String UPLOADER = "uploader-secret";
    static final String OTHER = "other-secret";
    static final String ADMIN = "admin-secret";
    static final String BULK = "bulk-secret";
    static final String TAKEN_AT = "2024-05-01T12:00:00Z";

    static GatewayStores stores;
    static MongoDatabase db;
    static MongoCollection<Document> photos;
    static final List<AutoCloseable> closeables = new ArrayList<>();
    static Http http;

    @BeforeAll
    static void start() {
        KAFKA.broker().createTopics(1, TOPIC);
        stores = GatewayStores.open(AZURITE.connectionString(), MONGO.connectionString());
        db = stores.db();
        photos = db.getCollection(MongoSchema.PHOTOS);
        http = new Http(startApp(stores.blobs(), stores.repository(), publisher()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        stores.close();
    }

    static UploadPublisher publisher() {
        KafkaUploadPublisher p = new KafkaUploadPublisher(KAFKA.bootstrapServers(), TOPIC, Duration.ofSeconds(2));
        closeables.add(p);
        return p;
    }

    static String startApp(BlobStore blobStore, PhotoRepository repo, UploadPublisher publisher) {
        GatewayConfig config = GatewayConfig.defaults(ApiKeys.parse(ApiKeys.sha256Hex(UPLOADER) + ":upload+read,"
                + ApiKeys.sha256Hex(OTHER) + ":upload+read," + ApiKeys.sha256Hex(ADMIN) + ":admin,"
                + ApiKeys.sha256Hex(BULK) + ":upload"));
        Javalin app = GatewayApp.create(config, blobStore, repo, publisher, Clock.systemUTC()).start("127.0.0.1", 0);
        closeables.add(app::stop);
        return "http://127.0.0.1:" + app.port();
    }

    // ---- helpers ----

    static HttpRequest upload(Http via, String key, int seed, String idempotencyKey) {
        HttpRequest.Builder b = via.request("/v1/photos?takenAt=" + TAKEN_AT + "&lat=45.76&lon=4.83", key)
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.jpeg(seed)));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return b.build();
    }

    static String uploaded(String key, int seed) {
        HttpResponse<String> r = http.send(upload(http, key, seed, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("photoId").asText();
    }

    static HttpResponse<String> delete(Http via, String pathAndQuery, String key) {
        return via.send(via.request(pathAndQuery, key).DELETE().build());
    }

    static HttpResponse<String> delete(String photoId, String key) {
        return delete(http, "/v1/photos/" + photoId, key);
    }

    static HttpResponse<String> get(String photoId) {
        return http.send(http.request("/v1/photos/" + photoId, UPLOADER).GET().build());
    }

    static Document document(String photoId) {
        return photos.find(Filters.eq(MongoSchema.ID, photoId)).first();
    }

    static List<ConsumerRecord<String, String>> records(String photoId) {
        return TopicRecords.withKey(KAFKA.bootstrapServers(), TOPIC, photoId);
    }

    static List<Boolean> tombstones(String photoId) {
        return records(photoId).stream().map(r -> r.value() == null).toList();
    }

    static byte[] header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    // ---- one photo ----

    @Test
    void aDeletePublishesATombstoneSayingWhereAndWhenThePhotoWasTaken() {
        String id = uploaded(UPLOADER, 1);
        long before = System.currentTimeMillis();
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        long after = System.currentTimeMillis();
        List<ConsumerRecord<String, String>> found = records(id);
        assertThat(found).hasSize(2);
        ConsumerRecord<String, String> tombstone = found.get(1);
        assertThat(tombstone.value()).isNull();
        PhotoErasure e = PhotoErasure.fromHeaders(tombstone.key(), name -> header(tombstone, name));
        assertThat(List.of(e.takenAt(), e.lat(), e.lon()))
                .containsExactly(Instant.parse(TAKEN_AT).toEpochMilli(), 45.76, 4.83);
        assertThat(e.erasedAt()).isBetween(before, after);
    }

    @Test
    void aDeletedPhotosBlobIsGoneSoItsReadUrlAnswers404() {
        String id = uploaded(UPLOADER, 2);
        String readUrl = json(get(id)).get("readUrl").asText();
        assertThat(http.getBytes(readUrl).statusCode()).isEqualTo(200);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        assertThat(http.getBytes(readUrl).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeletedPhotoIs404AndItsDocumentIsGone() {
        String id = uploaded(UPLOADER, 3);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        assertThat(get(id).statusCode()).isEqualTo(404);
        assertThat(document(id)).isNull();
    }

    @Test
    void theErasureRecordKeepsOnlyWhoUploadedItAndWhen() {
        String id = uploaded(UPLOADER, 4);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        Document record = db.getCollection(MongoSchema.ERASURES).find(Filters.eq(MongoSchema.ID, id)).first();
        assertThat(record).isNotNull();
        assertThat(record.keySet()).containsExactlyInAnyOrder(MongoSchema.ID, MongoSchema.UPLOADER, MongoSchema.ERASED_AT);
        assertThat(record.getString(MongoSchema.UPLOADER)).isEqualTo(ApiKeys.sha256Hex(UPLOADER));
    }

    @Test
    void anotherUploaderGetsTheAnswerForAPhotoThatDoesNotExist() {
        String id = uploaded(UPLOADER, 5);
        String unknown = UUID.randomUUID().toString();
        HttpResponse<String> theirs = delete(id, OTHER);
        HttpResponse<String> none = delete(unknown, OTHER);
        assertThat(List.of(theirs.statusCode(), none.statusCode())).containsOnly(404);
        assertThat(theirs.body().replace(id, unknown)).isEqualTo(none.body());
        assertThat(get(id).statusCode()).isEqualTo(200);
    }

    @Test
    void deletingAgainIs204ForTheUploader() {
        String id = uploaded(UPLOADER, 6);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
    }

    @Test
    void anErasedPhotoIs404ToAnotherUploader() {
        String id = uploaded(UPLOADER, 7);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        assertThat(delete(id, OTHER).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyAnAdminDeletesAPhotoStoredBeforeUploadersWereRecorded() {
        String id = uploaded(UPLOADER, 8);
        photos.updateOne(Filters.eq(MongoSchema.ID, id), Updates.unset(MongoSchema.UPLOADER));
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(404);
        assertThat(delete(id, ADMIN).statusCode()).isEqualTo(204);
        assertThat(document(id)).isNull();
    }

    @Test
    void aDeletedPhotoLeavesItsEventsPhotoList() {
        String kept = uploaded(UPLOADER, 9);
        String erased = uploaded(UPLOADER, 10);
        Instant t = Instant.parse(TAKEN_AT);
        db.getCollection(MongoSchema.EVENTS).insertOne(GatewayITCase.event("ev-deletion", 45.76, 4.83, t, t));
        photos.updateMany(Filters.in(MongoSchema.ID, kept, erased), Updates.set(MongoSchema.EVENT_ID, "ev-deletion"));
        assertThat(delete(erased, UPLOADER).statusCode()).isEqualTo(204);
        HttpResponse<String> r = http.send(http.request("/v1/events/ev-deletion/photos", UPLOADER).GET().build());
        List<String> listed = new ArrayList<>();
        json(r).get("photos").forEach(p -> listed.add(p.get("photoId").asText()));
        assertThat(listed).containsExactly(kept);
    }

    @Test
    void aDeleteStoppedByTheBlobStoreIsFinishedByARepeat() {
        String id = uploaded(UPLOADER, 11);
        Http blobless = new Http(startApp(GatewayITCase.unreachableBlobStore(), stores.repository(), publisher()));
        HttpResponse<String> stopped = delete(blobless, "/v1/photos/" + id, UPLOADER);
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(503);
        assertThat(get(id).statusCode()).isEqualTo(404);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        assertThat(List.of(document(id) == null, stores.container().getBlobClient(id).exists())).containsExactly(true, false);
    }

    @Test
    void aDocumentTheJobWroteAfterTheErasureIs404() {
        String id = uploaded(UPLOADER, 15);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        // The job's upsert for an upload event it read again: {_id, eventId, clusterLabel} alone.
        photos.insertOne(new Document(MongoSchema.ID, id).append(MongoSchema.EVENT_ID, "ev-again").append(MongoSchema.CLUSTER_LABEL, "l"));
        assertThat(get(id).statusCode()).isEqualTo(404);
    }

    @Test
    void aRepeatedDeleteRemovesADocumentTheJobWroteAfterTheErasure() {
        String id = uploaded(UPLOADER, 16);
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        photos.insertOne(new Document(MongoSchema.ID, id).append(MongoSchema.EVENT_ID, "ev-again").append(MongoSchema.CLUSTER_LABEL, "l"));
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        assertThat(document(id)).isNull();
    }

    @Test
    void theIdempotencyClaimOfAnErasedPhotoForgetsItsResponse() {
        HttpResponse<String> first = http.send(upload(http, UPLOADER, 17, "erased-claim"));
        assertThat(delete(json(first).get("photoId").asText(), UPLOADER).statusCode()).isEqualTo(204);
        Document claim = db.getCollection(MongoSchema.IDEMPOTENCY)
                .find(Filters.eq(MongoSchema.ID, ApiKeys.sha256Hex(UPLOADER) + ":erased-claim")).first();
        assertThat(claim.keySet()).containsExactlyInAnyOrder(MongoSchema.ID, MongoSchema.PHOTO_ID, MongoSchema.CREATED_AT);
    }

    // ---- uploads and deletes at once ----

    @Test
    void aRetriedUploadOfAnErasedPhotoIs410AndStoresNothing() {
        HttpResponse<String> first = http.send(upload(http, UPLOADER, 12, "erased-retry"));
        String id = json(first).get("photoId").asText();
        assertThat(delete(id, UPLOADER).statusCode()).isEqualTo(204);
        long photosBefore = photos.countDocuments();
        HttpResponse<String> retry = http.send(upload(http, UPLOADER, 12, "erased-retry"));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(410);
        assertThat(photos.countDocuments()).isEqualTo(photosBefore);
        assertThat(tombstones(id)).containsExactly(false, true);
    }

    @Test
    void aDeleteMeetingItsUploadInFlightIs409WithRetryAfter() {
        String id = UUID.randomUUID().toString();
        db.getCollection(MongoSchema.IDEMPOTENCY).insertOne(new Document(MongoSchema.ID, ApiKeys.sha256Hex(UPLOADER) + ":in-flight")
                .append(MongoSchema.PHOTO_ID, id).append(MongoSchema.CREATED_AT, new Date()));
        HttpResponse<String> r = delete(id, UPLOADER);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.headers().firstValue("Retry-After")).hasValue(Integer.toString(DeleteService.IN_FLIGHT_RETRY_AFTER_S));
    }

    /** The real repository, deleting each photo (through the gateway) as soon as it is inserted. */
    static PhotoRepository deletingOnInsert(PhotoRepository real) {
        return (PhotoRepository) java.lang.reflect.Proxy.newProxyInstance(PhotoRepository.class.getClassLoader(),
                new Class<?>[] {PhotoRepository.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("insert")) {
                        assertThat(delete(((PhotoDoc) args[0]).photoId(), UPLOADER).statusCode()).isEqualTo(204);
                    }
                    return result;
                });
    }

    @Test
    void anUploadDeletedBeforeItIsAnnouncedIs410AndNeverAnnounced() {
        Http racing = new Http(startApp(stores.blobs(), deletingOnInsert(stores.repository()), publisher()));
        HttpResponse<String> r = racing.send(upload(racing, UPLOADER, 13, "deleted-on-insert"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(410);
        String id = db.getCollection(MongoSchema.IDEMPOTENCY)
                .find(Filters.eq(MongoSchema.ID, ApiKeys.sha256Hex(UPLOADER) + ":deleted-on-insert")).first().getString(MongoSchema.PHOTO_ID);
        assertThat(tombstones(id)).containsExactly(true);
    }

    @Test
    void anUploadAnnouncedAfterItsTombstoneIsErasedAgain() {
        UploadPublisher kafka = publisher();
        List<String> announced = new ArrayList<>();
        // The delete lands between the upload's last look at the erasures and its announcement.
        UploadPublisher deleteFirst = new UploadPublisher() {
            @Override
            public void publish(UploadEvent event) throws StoreUnavailableException {
                assertThat(delete(event.photoId, UPLOADER).statusCode()).isEqualTo(204);
                kafka.publish(event);
                announced.add(event.photoId);
            }

            @Override
            public void erase(PhotoErasure erasure) throws StoreUnavailableException {
                kafka.erase(erasure);
            }
        };
        Http racing = new Http(startApp(stores.blobs(), stores.repository(), deleteFirst));
        HttpResponse<String> r = racing.send(upload(racing, UPLOADER, 14, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(410);
        assertThat(tombstones(announced.get(0))).containsExactly(true, false, true);
    }

    // ---- one uploader's photos ----

    @Test
    void aBulkDeleteErasesTheCallersPhotosABatchAtATime() {
        Set<String> mine = Set.of(uploaded(BULK, 20), uploaded(BULK, 21), uploaded(BULK, 22));
        String theirs = uploaded(UPLOADER, 23);
        HttpResponse<String> first = delete(http, "/v1/photos?uploader=me&limit=2", BULK);
        HttpResponse<String> second = delete(http, "/v1/photos?uploader=me&limit=2", BULK);
        assertThat(List.of(json(first).get("deleted").asInt(), json(second).get("deleted").asInt())).containsExactly(2, 1);
        assertThat(List.of(json(first).get("more").asBoolean(), json(second).get("more").asBoolean())).containsExactly(true, false);
        assertThat(mine.stream().map(id -> get(id).statusCode()).distinct()).containsExactly(404);
        assertThat(get(theirs).statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminBulkDeletesAnotherUploadersPhotos() {
        String id = uploaded(OTHER, 24);
        HttpResponse<String> r = delete(http, "/v1/photos?uploader=" + ApiKeys.sha256Hex(OTHER), ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("more").asBoolean()).isFalse();
        assertThat(document(id)).isNull();
    }
}
