package com.snapmap.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.core.gen.CityStreamGenerator;
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
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Photos that arrive days late, against closed events written the way the streaming job writes
 * them: one sweep makes the partition over all photos equal the reference clusterer's; an orphan
 * touching an open event is left alone; two sweeps at once end where one sweep ends.
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
                assigned += f.get().assigned;
            }
            // A group raced for goes to one sweep; a group skipped by both is left for the next run.
            SweepReport after = sweeper().sweepOnce();
            assertThat(assigned + after.assigned).isEqualTo(late.size());
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
