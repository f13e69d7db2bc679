package com.snapmap.sweeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.geo.Geohash;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.testkit.MongoExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sweeper against the MongoDB-wire server: every orphan past the grace is re-driven as its
 * upload event and nothing else is written; a photo is re-driven once per grace (counted from its
 * batch's lease, however long the sweep), once by two sweeps
 * at once, and again at once when its send failed; a lease left unsent by a sweep that died is
 * taken over by the next one; an orphan an earlier build's interrupted sweep had counted is handed
 * to the cold path before its re-drive.
 */
class SweeperITCase {

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private static final long T0 = 1_714_521_600_000L;
    private static final Clock NOW = Clock.fixed(Instant.ofEpochMilli(T0).plus(Duration.ofDays(5)), ZoneOffset.UTC);
    private static final Duration GRACE = Duration.ofMinutes(10);

    private MongoClient client;
    private MongoDatabase db;
    private final List<UploadEvent> redriven = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() {
        client = MongoClients.create(MONGO.connectionString());
        db = client.getDatabase("sweep" + System.nanoTime());
    }

    @AfterEach
    void close() {
        client.close();
    }

    static Document photoDoc(Photo p, long uploadedAt) {
        return new Document(MongoSchema.ID, p.photoId)
                .append(MongoSchema.LOCATION, new Document("type", "Point").append("coordinates", List.of(p.lon, p.lat)))
                .append(MongoSchema.CELL, Geohash.encode(p.lat, p.lon, MongoSchema.PHOTO_CELL_PRECISION))
                .append(MongoSchema.TAKEN_AT, new Date(p.takenAt))
                .append(MongoSchema.UPLOADED_AT, new Date(uploadedAt));
    }

    private static SweeperConfig config(int batchSize, Duration claimTimeout) {
        return new SweeperConfig("x", Topics.UPLOADS, GRACE, batchSize, 1_000_000, claimTimeout);
    }

    private Sweeper sweeper(UploadRedriver redriver, Clock clock) {
        return new Sweeper(db, redriver, config(50, Duration.ofSeconds(30)), clock);
    }

    private Sweeper sweeper() {
        return sweeper(redriven::add, NOW);
    }

    /** {@code n} orphans uploaded a day before the sweep. */
    private List<String> orphans(int n) {
        List<String> ids = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Photo p = new Photo(String.format("o%04d", i), T0 + i * 1_000L, 10 + i * 1e-3, 10);
            docs.add(photoDoc(p, NOW.millis() - Duration.ofDays(1).toMillis()));
            ids.add(p.photoId);
        }
        db.getCollection(MongoSchema.PHOTOS).insertMany(docs);
        return ids;
    }

    private List<String> redrivenIds() {
        return redriven.stream().map(e -> e.photoId).toList();
    }

    /** The process dying mid-sweep (no catch block runs). */
    private static final class Died extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void everyOrphanPastTheGraceIsRedrivenAsItsUploadEventAndNothingElseIsWritten() throws Exception {
        Photo daysLate = new Photo("days-late", T0, 10, 10);
        Photo recent = new Photo("recent", NOW.millis() - 700_000, 20, 20);
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(daysLate, T0 + Duration.ofDays(3).toMillis())
                .append(MongoSchema.STORAGE_URL, "blob://days-late").append(MongoSchema.CONTENT_TYPE, "image/jpeg")
                .append(MongoSchema.SHA256, "ab12"));
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(recent, NOW.millis() - GRACE.toMillis() - 1));
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(new Photo("in-grace", NOW.millis(), 30, 30), NOW.millis() - 60_000));
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(new Photo("clustered", T0, 10, 10), T0 + 1_000)
                .append(MongoSchema.EVENT_ID, "e1"));
        db.getCollection(MongoSchema.PHOTOS).insertOne(new Document(MongoSchema.ID, "bare")
                .append(MongoSchema.UPLOADED_AT, new Date(T0))); // no place or time

        SweepReport r = sweeper().sweepOnce();

        assertThat(redrivenIds()).containsExactlyInAnyOrder("days-late", "recent");
        UploadEvent e = redriven.stream().filter(u -> u.photoId.equals("days-late")).findFirst().orElseThrow();
        assertThat(List.of(e.takenAt, e.lat, e.lon, e.uploadedAt)).isEqualTo(List.of(T0, 10.0, 10.0,
                T0 + Duration.ofDays(3).toMillis()));
        assertThat(List.of(e.storageUrl, e.contentType, e.sha256)).isEqualTo(List.of("blob://days-late", "image/jpeg", "ab12"));
        assertThat(List.of(r.scanned, r.redriven, r.incomplete)).isEqualTo(List.of(3, 2, 1));
        assertThat(db.getCollection(MongoSchema.EVENTS).countDocuments()).isZero();
        assertThat(db.getCollection(MongoSchema.PHOTOS).countDocuments(Filters.exists(MongoSchema.EVENT_ID))).isEqualTo(1);
    }

    @Test
    void aRedrivenPhotoIsRedrivenAgainOnlyAGraceLater() throws Exception {
        orphans(3);
        sweeper().sweepOnce();
        SweepReport soon = sweeper(redriven::add, Clock.offset(NOW, GRACE.minusSeconds(1))).sweepOnce();
        assertThat(List.of(soon.redriven, soon.held)).isEqualTo(List.of(0, 3));

        SweepReport later = sweeper(redriven::add, Clock.offset(NOW, GRACE.plusSeconds(1))).sweepOnce();
        assertThat(later.redriven).isEqualTo(3);
        assertThat(redriven).hasSize(6);
    }

    @Test
    void aBatchALongSweepLeasesLateHoldsForAGraceFromItsOwnLease() throws Exception {
        List<String> ids = orphans(2);
        SteppingClock clock = new SteppingClock(NOW.instant());
        // One orphan a batch, and each send takes a grace: the second is leased a grace after the sweep began.
        UploadRedriver slow = e -> {
            redriven.add(e);
            clock.advance(GRACE);
        };
        new Sweeper(db, slow, config(1, Duration.ofSeconds(30)), clock).sweepOnce();
        assertThat(redrivenIds()).containsExactlyElementsOf(ids);

        SweepReport next = sweeper(redriven::add, Clock.offset(NOW, GRACE.plus(GRACE.dividedBy(2)))).sweepOnce();
        assertThat(List.of(next.redriven, next.held)).isEqualTo(List.of(1, 1));
        assertThat(redrivenIds()).containsExactly(ids.get(0), ids.get(1), ids.get(0));
    }

    @Test
    void twoSweepsAtOnceRedriveEachOrphanOnce() throws Exception {
        List<String> ids = orphans(300);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<SweepReport> sweep = () -> sweeper().sweepOnce();
            int total = 0;
            for (Future<SweepReport> f : pool.invokeAll(List.of(sweep, sweep))) {
                total += f.get().redriven;
            }
            assertThat(total).isEqualTo(ids.size());
        } finally {
            pool.shutdownNow();
        }
        assertThat(redrivenIds()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aFailedSendLeavesItsBatchToTheNextRunAtOnce() throws Exception {
        List<String> ids = orphans(3);
        Sweeper failing = sweeper(e -> {
            throw new java.io.IOException("broker down");
        }, NOW);
        assertThatThrownBy(failing::sweepOnce).isInstanceOf(java.io.IOException.class);

        assertThat(sweeper().sweepOnce().redriven).isEqualTo(3);
        assertThat(redrivenIds()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aLeaseADeadSweepLeftUnsentIsTakenOverByTheNextSweep() throws Exception {
        List<String> ids = orphans(3);
        Sweeper dying = sweeper(e -> {
            throw new Died();
        }, NOW);
        assertThatThrownBy(dying::sweepOnce).isInstanceOf(Died.class);
        assertThat(db.getCollection(MongoSchema.PHOTOS).countDocuments(Filters.exists(OrphanClaims.FIELD))).isEqualTo(3);

        // Same clock: the leases are fresh, so the next sweep waits out the claim timeout, then takes them.
        SweepReport next = new Sweeper(db, redriven::add, config(50, Duration.ofMillis(500)), NOW).sweepOnce();
        assertThat(List.of(next.redriven, next.takenOver)).isEqualTo(List.of(3, 3));
        assertThat(redrivenIds()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aStormIsSentInBatches() throws Exception {
        orphans(120);
        List<Integer> flushed = new ArrayList<>();
        List<UploadEvent> pending = new ArrayList<>();
        UploadRedriver counting = new UploadRedriver() {
            @Override
            public void redrive(UploadEvent e) {
                pending.add(e);
            }

            @Override
            public void flush() {
                flushed.add(pending.size());
                pending.clear();
            }
        };
        new Sweeper(db, counting, config(50, Duration.ofSeconds(30)), NOW).sweepOnce();
        assertThat(flushed).containsExactly(50, 50, 20);
    }

    @Test
    void anOrphanAnEarlierSweepHadCountedIsHandedToTheColdPathThenRedriven() throws Exception {
        Document losers = new Document(MongoSchema.ID, "loser").append(MongoSchema.VERSION, 2L);
        Document pending = new Document("photos", List.of("counted")).append("losers", List.of(losers));
        db.getCollection(MongoSchema.EVENTS).insertOne(new Document(MongoSchema.ID, "swept").append(MongoSchema.PHOTO_COUNT, 3L)
                .append(MongoSchema.OWNER, MongoSchema.OWNER_SWEEPER).append(MongoSchema.SWEEP_PENDING, pending));
        Document legacyClaim = new Document("token", "old").append("at", new Date(T0)).append("event", "swept");
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(new Photo("counted", T0, 10, 10), T0 + 1_000)
                .append(MongoSchema.SWEEP_CLAIM, legacyClaim));
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(new Photo("not-counted", T0, 10, 10), T0 + 1_000)
                .append(MongoSchema.SWEEP_CLAIM, legacyClaim));

        SweepReport r = sweeper().sweepOnce();

        assertThat(List.of(r.handedOver, r.redriven)).isEqualTo(List.of(1, 2));
        Document event = db.getCollection(MongoSchema.EVENTS).find().first();
        assertThat(event.get(MongoSchema.COLD_CHANGE)).isEqualTo(pending);
        assertThat(event).doesNotContainKey(MongoSchema.SWEEP_PENDING);
        List<Object> claims = new ArrayList<>();
        for (Document d : db.getCollection(MongoSchema.PHOTOS).find().sort(new Document(MongoSchema.ID, 1))) {
            claims.add(d.get(MongoSchema.COLD_CLAIM));
        }
        assertThat(claims).containsExactly("swept", null); // counted, not-counted
    }
}
