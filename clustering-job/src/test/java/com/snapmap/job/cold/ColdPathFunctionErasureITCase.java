package com.snapmap.job.cold;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.MongoSchema;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.PhotoErasure;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.EventDocument;
import com.snapmap.testkit.MongoExtension;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the cold path applies an erasure (docs/DELIVERY.md, "An erasure never overtakes its own
 * upload"), through Flink's harness against the MongoDB-wire server: only once a completed
 * checkpoint's watermark has passed the photo by the hot path's hold, and not when an event a
 * neighbour's label names is not in MongoDB yet; once applied, nothing of it waits in state or timers.
 */
class ColdPathFunctionErasureITCase {

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private static final long T0 = 1_714_521_600_000L;
    private static final ClusteringConfig CONFIG = ClusteringConfig.defaults();

    private MongoClient client;
    private MongoDatabase db;
    private String database;
    private KeyedTwoInputStreamOperatorTestHarness<String, UploadEvent, Erasure, EventDocument> h;
    private long checkpoint;

    @BeforeEach
    void open() throws Exception {
        client = MongoClients.create(MONGO.connectionString());
        database = "cold-erasure" + System.nanoTime();
        db = client.getDatabase(database);
        h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new ColdPathFunction(
                MONGO.connectionString(), database, CONFIG.linkRule(), false, CONFIG.hotHoldMillis())),
                (UploadEvent e) -> ColdPathFunction.KEY, (Erasure e) -> ColdPathFunction.KEY, TypeInformation.of(String.class));
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
        client.close();
    }

    /** The watermark at {@code time}, a checkpoint taken and completed there, and the retries due. */
    private void completeCheckpointAt(long time) throws Exception {
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(time));
        h.snapshot(++checkpoint, time);
        h.notifyOfCompletedCheckpoint(checkpoint);
        h.setProcessingTime(h.getProcessingTime() + ColdPathFunction.MAX_RETRY_MS);
    }

    private void closedEvent(String id, Photo... members) {
        EventSummary s = new EventSummary();
        for (Photo p : members) {
            s.add(p);
        }
        db.getCollection(MongoSchema.EVENTS).insertOne(EventBson.toBson(EventDoc.event(id, s, true, T0)));
    }

    private void photo(Photo p, String eventId) {
        db.getCollection(MongoSchema.PHOTOS).insertOne(PhotoBson.toBson(new PhotoDoc(p.photoId, Instant.ofEpochMilli(p.takenAt),
                p.lat, p.lon, Instant.ofEpochMilli(p.takenAt), null, "image/jpeg", 1L, null, null, null, null))
                .append(MongoSchema.EVENT_ID, eventId));
    }

    private boolean hasEvent(String id) {
        return db.getCollection(MongoSchema.EVENTS).find(Filters.eq(MongoSchema.ID, id)).first() != null;
    }

    private static Erasure erasureOf(Photo p) {
        return Erasure.of(new PhotoErasure(p.photoId, p.takenAt, p.lat, p.lon, p.takenAt + 1));
    }

    @Test
    void anErasureWaitsUntilTheHotPathHasForgottenItsPhotoThenLeavesNothingWaiting() throws Exception {
        Photo p = new Photo("p", T0, 45.76, 4.83);
        EventSummary alone = new EventSummary();
        alone.add(p);
        closedEvent(alone.eventId(), p); // a one-photo event still counting it (the photo's document is gone)
        h.processElement2(new StreamRecord<>(erasureOf(p)));

        // Past the allowed lateness, where it used to be applied: a photo taken up to W later may still link to it.
        completeCheckpointAt(p.takenAt + CONFIG.allowedLatenessMillis() + 1);
        assertThat(hasEvent(alone.eventId())).as("its event, the erasure waiting").isTrue();
        assertThat(h.extractOutputValues()).isEmpty();

        completeCheckpointAt(p.takenAt + CONFIG.hotHoldMillis());
        assertThat(hasEvent(alone.eventId())).as("its event, the erasure applied").isFalse();
        assertThat(h.extractOutputValues()).singleElement().satisfies(d -> {
            assertThat(d.eventId).isEqualTo(alone.eventId());
            assertThat(d.erased).isTrue();
        });
        assertThat(h.numProcessingTimeTimers()).as("retries pending").isZero();
        assertThat(h.numKeyedStateEntries()).as("state: the feed's last version of the event alone").isEqualTo(1);
    }

    @Test
    void anErasureWaitsForTheEventANeighboursLabelNames() throws Exception {
        Photo p = new Photo("p", T0, 45.76, 4.83);
        Photo q = new Photo("q", T0 + 60_000, 45.76, 4.83);
        EventSummary both = new EventSummary();
        both.add(p);
        both.add(q);
        photo(q, both.eventId()); // labelled, its event's document still on its way
        h.processElement2(new StreamRecord<>(erasureOf(p)));

        completeCheckpointAt(q.takenAt + CONFIG.hotHoldMillis());
        assertThat(h.extractOutputValues()).as("written while the event is missing").isEmpty();

        closedEvent(both.eventId(), p, q);
        completeCheckpointAt(q.takenAt + CONFIG.hotHoldMillis() + 60_000);
        EventSummary rest = new EventSummary();
        rest.add(q);
        Document old = db.getCollection(MongoSchema.EVENTS).find(Filters.eq(MongoSchema.ID, both.eventId())).first();
        assertThat(old.getString(MongoSchema.MERGED_INTO)).as("the event re-formed without p").isEqualTo(rest.eventId());
        Document part = db.getCollection(MongoSchema.EVENTS).find(Filters.eq(MongoSchema.ID, rest.eventId())).first();
        assertThat(part).isNotNull();
        assertThat(((Number) part.get(MongoSchema.PHOTO_COUNT)).longValue()).isEqualTo(1);
        assertThat(h.numProcessingTimeTimers()).as("retries pending").isZero();
    }
}
