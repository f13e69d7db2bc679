package com.snapmap.sweeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.GuardedWrites;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.testkit.MongoExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Photos that arrive days late, against closed events written the way the streaming job writes
 * them: one sweep makes the partition over all photos equal the reference clusterer's; an orphan
 * touching an open event is left alone; two sweeps at once end where one sweep ends; a sweep
 * stopped between any two of its writes is finished by the next run; a photo the job assigns while
 * a sweep holds it is counted once.
 */
class SweeperITCase {

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private static final long T0 = 1_714_521_600_000L;
    private static final Clock NOW = Clock.fixed(Instant.ofEpochMilli(T0).plus(Duration.ofDays(5)), ZoneOffset.UTC);
    private static final LinkRule RULE = LinkRule.defaults();

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

    /** A closed event exactly as the job writes it. */
    private static Document jobClosed(String id, EventSummary s) {
        return EventBson.toBson(EventDoc.event(id, s, true, T0));
    }

    /** On-time photos clustered and closed (as the job leaves them), late ones without eventId. */
    private Clustering seed(List<Photo> all, List<Photo> late) {
        Clustering onTime = new ReferenceClusterer(RULE).cluster(all.stream().filter(p -> !late.contains(p)).toList());
        Map<String, String> ev = onTime.eventOfPhoto();
        for (Photo p : all) {
            Document d = photoDoc(p, late.contains(p) ? T0 + Duration.ofDays(4).toMillis() : p.takenAt + 1_000);
            if (!late.contains(p)) {
                d.append(MongoSchema.EVENT_ID, ev.get(p.photoId));
            }
            db.getCollection(MongoSchema.PHOTOS).insertOne(d);
        }
        onTime.events().forEach((id, s) -> db.getCollection(MongoSchema.EVENTS).insertOne(jobClosed(id, s)));
        return new ReferenceClusterer(RULE).cluster(all);
    }

    /**
     * What the sweeper wrote equals what the job writes for the same members (one contract
     * document); the centroid and bbox to rounding, as the sweeper sums stored summaries.
     */
    private static void assertSameDocument(EventDoc swept, EventDoc job) {
        if (swept.owner != null) {
            assertThat(swept.owner).isEqualTo(MongoSchema.OWNER_SWEEPER);
            assertThat(swept.version).isGreaterThanOrEqualTo(job.version);
        } else {
            assertThat(swept.version).isEqualTo(job.version);
        }
        assertThat(swept.area).as("footprint of %s", swept.eventId).isEqualTo(job.area);
        assertThat(new double[] {swept.centroidLat, swept.centroidLon, swept.west, swept.south, swept.east, swept.north,
                swept.radiusMeters}).containsExactly(new double[] {job.centroidLat, job.centroidLon, job.west, job.south,
                        job.east, job.north, job.radiusMeters}, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(List.of(swept.photoCount, swept.startAt, swept.endAt, swept.firstPhotoId, swept.cell, swept.status))
                .isEqualTo(List.of(job.photoCount, job.startAt, job.endAt, job.firstPhotoId, job.cell, job.status));
    }

    static Document photoDoc(Photo p, long uploadedAt) {
        return new Document(MongoSchema.ID, p.photoId)
                .append(MongoSchema.LOCATION, new Document("type", "Point").append("coordinates", List.of(p.lon, p.lat)))
                .append(MongoSchema.CELL, Geohash.encode(p.lat, p.lon, MongoSchema.PHOTO_CELL_PRECISION))
                .append(MongoSchema.TAKEN_AT, new Date(p.takenAt))
                .append(MongoSchema.UPLOADED_AT, new Date(uploadedAt));
    }

    private Map<String, String> eventIds() {
        Map<String, String> out = new HashMap<>();
        for (Document d : db.getCollection(MongoSchema.PHOTOS).find()) {
            out.put(d.getString(MongoSchema.ID), d.getString(MongoSchema.EVENT_ID));
        }
        return out;
    }

    private Sweeper sweeper() {
        return new Sweeper(db, redriven::add, SweeperConfig.defaults("x"), NOW);
    }

    /** A sweep that runs {@code hook} before each of its writes. */
    private Sweeper sweeper(Consumer<SweepWrite> hook) {
        return new Sweeper(db, redriven::add, SweeperConfig.defaults("x"), NOW, hook);
    }

    /** A later run, once the claims of a sweep that died have expired. */
    private Sweeper laterSweeper() {
        return new Sweeper(db, redriven::add, SweeperConfig.defaults("x"),
                Clock.offset(NOW, Duration.ofMillis(OrphanClaims.TTL_MS).plusMinutes(1)));
    }

    /** The process dying: thrown at the sweep's next write after {@code writes} writes, and at every one after. */
    private static final class DiesAfter implements Consumer<SweepWrite> {
        final int writes;
        int seen;

        DiesAfter(int writes) {
            this.writes = writes;
        }

        @Override
        public void accept(SweepWrite w) {
            if (++seen > writes) {
                throw new Died();
            }
        }
    }

    private static final class Died extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Every photo has an eventId and is in the reference's event; every live event counts exactly
     * the photos that point at it, and there is one per reference event.
     */
    private void assertConsistent(Clustering reference) {
        assertThat(eventIds()).isEqualTo(reference.eventOfPhoto());
        Map<String, Long> members = new HashMap<>();
        eventIds().values().forEach(e -> members.merge(e, 1L, Long::sum));
        Map<String, Long> counts = new HashMap<>();
        for (Document d : db.getCollection(MongoSchema.EVENTS).find()) {
            if (d.get(MongoSchema.MERGED_INTO) == null) {
                counts.put(d.getString(MongoSchema.ID), ((Number) d.get(MongoSchema.PHOTO_COUNT)).longValue());
            }
        }
        assertThat(counts).isEqualTo(members);
    }

    /**
     * Stops a fresh sweep of {@code scenario} after each number of writes in turn, lets a later run
     * finish, and checks the result is what one uninterrupted sweep leaves.
     */
    private void dieAtEveryWrite(Runnable scenario) throws Exception {
        scenario.run();
        DiesAfter counter = new DiesAfter(Integer.MAX_VALUE);
        sweeper(counter).sweepOnce();
        int writes = counter.seen;
        assertThat(writes).isGreaterThan(3);
        for (int k = 0; k < writes; k++) {
            close();
            open();
            scenario.run();
            Clustering reference = new ReferenceClusterer(RULE).cluster(photos());
            Sweeper dying = sweeper(new DiesAfter(k));
            assertThatThrownBy(dying::sweepOnce).as("stopped after %d of %d writes", k, writes).isInstanceOf(Died.class);
            laterSweeper().sweepOnce();
            assertThat(laterSweeper().sweepOnce().scanned).as("after %d of %d writes", k, writes).isZero();
            assertConsistent(reference);
        }
    }

    private List<Photo> photos() {
        List<Photo> out = new ArrayList<>();
        for (Document d : db.getCollection(MongoSchema.PHOTOS).find()) {
            out.add(Sweeper.photoOf(d));
        }
        return out;
    }

    private static List<Photo> city() {
        return new CityStreamGenerator(41.39, 2.17, 800, T0, 3 * 3_600_000L).generate(9, 1_500, 0.7, "s");
    }

    private static List<Photo> everyTenth(List<Photo> all) {
        List<Photo> late = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 10) {
            late.add(all.get(i));
        }
        return late;
    }

    @Test
    void daysLatePhotosJoinCloseEventsMergeThemAndMatchTheReference() throws Exception {
        List<Photo> all = city();
        List<Photo> late = everyTenth(all);
        Clustering reference = seed(all, late);

        SweepReport r = sweeper().sweepOnce();
        System.out.println("sweep: " + r);
        assertThat(r.scanned).isEqualTo(late.size());
        assertThat(r.assigned).isEqualTo(late.size());
        assertThat(r.redriven).isZero();
        assertThat(r.merged).isPositive(); // some late photos bridge two closed events
        assertThat(eventIds()).isEqualTo(reference.eventOfPhoto());
        long live = 0;
        for (Document d : db.getCollection(MongoSchema.EVENTS).find()) {
            if (d.get(MongoSchema.MERGED_INTO) == null) {
                live++;
                EventSummary s = reference.events().get(d.getString(MongoSchema.ID));
                assertThat(((Number) d.get(MongoSchema.PHOTO_COUNT)).longValue()).isEqualTo(s.count);
                assertSameDocument(EventBson.fromBson(d), EventDoc.event(d.getString(MongoSchema.ID), s, true, 0));
            }
        }
        assertThat(live).isEqualTo(reference.events().size());
        assertThat(sweeper().sweepOnce().scanned).isZero(); // nothing left
    }

    @Test
    void anOrphanTouchingAnOpenEventWaitsAndRecentOnesAreRedriven() throws Exception {
        Photo clustered = new Photo("hot-1", T0, 10, 10);
        Photo orphan = new Photo("hot-2", T0 + 60_000, 10, 10);
        Photo recent = new Photo("fresh", NOW.millis() - 600_000, 20, 20);
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(clustered, T0).append(MongoSchema.EVENT_ID, "open-event"));
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(orphan, T0 + Duration.ofDays(3).toMillis()));
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(recent, NOW.millis() - 600_001));
        EventSummary s = EventSummary.of(clustered);
        db.getCollection(MongoSchema.EVENTS).insertOne(EventBson.toBson(EventDoc.event("open-event", s, false, T0)));

        SweepReport r = sweeper().sweepOnce();
        assertThat(r.deferred).isEqualTo(1);
        assertThat(r.redriven).isEqualTo(1);
        assertThat(redriven).extracting(e -> e.photoId).containsExactly("fresh");
        assertThat(eventIds().get("hot-2")).isNull();
        assertThat(db.getCollection(MongoSchema.EVENTS).find().first().get(MongoSchema.VERSION)).isEqualTo(1L); // untouched
    }

    @Test
    void aSweepStoppedAtAnyWriteOfANewEventIsFinishedByTheNextRun() throws Exception {
        dieAtEveryWrite(() -> {
            List<Photo> late = List.of(new Photo("n1", T0, 20, 20), new Photo("n2", T0 + 60_000, 20, 20.0001));
            seed(late, late); // nothing near them: they make an event of their own
        });
    }

    @Test
    void aSweepStoppedAtAnyWriteOfAMergeIsFinishedByTheNextRunWithoutCountingTheGroupTwice() throws Exception {
        dieAtEveryWrite(() -> {
            List<Photo> all = List.of(new Photo("a1", T0, 10, 10), new Photo("a2", T0 + 240_000, 10, 10),
                    new Photo("x1", T0 + 480_000, 10, 10), new Photo("x2", T0 + 510_000, 10, 10),
                    new Photo("b1", T0 + 720_000, 10, 10), new Photo("b2", T0 + 960_000, 10, 10));
            seed(all, all.subList(2, 4)); // x1 and x2 bridge the closed events a1 and b1
        });
    }

    @Test
    void aSweepStoppedAtAnyWriteOfAMergeUnderANewIdIsFinishedByTheNextRun() throws Exception {
        dieAtEveryWrite(() -> {
            List<Photo> all = List.of(new Photo("y0", T0 - 60_000, 10, 10), new Photo("c1", T0, 10, 10),
                    new Photo("c2", T0 + 60_000, 10, 10));
            seed(all, all.subList(0, 1)); // y0 is earlier than the closed event c1: the merge is named after it
        });
    }

    @Test
    void aStaleClaimForAnEventNeverWrittenIsDroppedSoTheJobMayWriteThePhoto() throws Exception {
        Photo orphan = new Photo("held", T0, 10, 10);
        Photo neighbour = new Photo("just-uploaded", T0 + 60_000, 10, 10);
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(orphan, T0 + Duration.ofDays(3).toMillis())
                .append(MongoSchema.SWEEP_CLAIM, new Document("token", "dead").append("at", new Date(T0))
                        .append("event", "never-written")));
        db.getCollection(MongoSchema.PHOTOS).insertOne(photoDoc(neighbour, NOW.millis() - 60_000)); // within the grace

        assertThat(sweeper().sweepOnce().deferred).isEqualTo(1); // linked to a photo the stream still owns

        assertThat(db.getCollection(MongoSchema.PHOTOS).find(Filters.eq(MongoSchema.ID, "held")).first())
                .doesNotContainKey(MongoSchema.SWEEP_CLAIM);
    }

    @Test
    void aPhotoTheJobAssignsWhileASweepHoldsItIsCountedOnce() throws Exception {
        Photo q1 = new Photo("q1", T0, 30, 30);
        Photo q2 = new Photo("q2", T0 + 60_000, 30, 30);
        Clustering reference = seed(List.of(q1, q2), List.of(q1, q2));
        // Right after the sweep has claimed both, the job (lagging) clusters q2 as an event of its own.
        sweeper(w -> {
            if (w != SweepWrite.CLAIM && db.getCollection(MongoSchema.EVENTS).countDocuments(Filters.eq(MongoSchema.ID, "j")) == 0) {
                db.getCollection(MongoSchema.EVENTS).insertOne(jobClosed("j", EventSummary.of(q2)));
                db.getCollection(MongoSchema.PHOTOS).updateOne(GuardedWrites.jobPhotoCondition(Filters.eq(MongoSchema.ID, "q2")),
                        Updates.set(MongoSchema.EVENT_ID, "j"));
            }
        }).sweepOnce();
        sweeper().sweepOnce();

        // j merged into the sweep's event, which counts each photo once.
        assertConsistent(reference);
    }

    @Test
    void twoSweepsAtOnceEndWhereOneSweepEnds() throws Exception {
        List<Photo> all = city();
        List<Photo> late = everyTenth(all);
        Clustering reference = seed(all, late);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<SweepReport> sweep = () -> sweeper().sweepOnce();
            List<Future<SweepReport>> runs = pool.invokeAll(List.of(sweep, sweep));
            int assigned = 0;
            for (Future<SweepReport> f : runs) {
                assigned += f.get().assigned + f.get().resumed;
            }
            // A group raced for goes to one sweep (or is finished by the other); a group skipped by
            // both is left for the next run.
            SweepReport after = sweeper().sweepOnce();
            assertThat(assigned + after.assigned + after.resumed).isEqualTo(late.size());
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventIds()).isEqualTo(reference.eventOfPhoto());
        long live = 0;
        for (Document d : db.getCollection(MongoSchema.EVENTS).find()) {
            if (d.get(MongoSchema.MERGED_INTO) == null) {
                live++;
            }
        }
        assertThat(live).isEqualTo(reference.events().size()); // no duplicate event
    }
}
