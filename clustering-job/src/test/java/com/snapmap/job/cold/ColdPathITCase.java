package com.snapmap.job.cold;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.contract.MongoSchema;
import com.snapmap.testkit.MongoExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cold path against the MongoDB-wire server, for what the sweeper's re-drives bring it: a copy
 * of a photo that already has its event (from the hot path or the cold path) changes nothing and
 * publishes nothing; an event the sweeper wrote in earlier builds ({@code owner: "sweeper"}) is
 * taken over like any closed event when a late photo joins or bridges it; an earlier sweep's
 * unfinished change, handed over by the sweeper in the cold path's terms, is finished without
 * counting its photo again.
 */
class ColdPathITCase {

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private static final long T0 = 1_714_521_600_000L;
    private static final LinkRule RULE = LinkRule.defaults();

    private MongoClient client;
    private MongoDatabase db;
    private ColdPath path;

    @BeforeEach
    void open() {
        client = MongoClients.create(MONGO.connectionString());
        db = client.getDatabase("cold" + System.nanoTime());
        path = new ColdPath(db, RULE, true, () -> T0 + 86_400_000L);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private void insert(Photo p, String eventId, String owner) {
        Document d = PhotoBson.toBson(new PhotoDoc(p.photoId, Instant.ofEpochMilli(p.takenAt), p.lat, p.lon,
                Instant.ofEpochMilli(p.takenAt + 1_000), null, "image/jpeg", 1L, null, null, null, null));
        if (eventId != null) {
            d.append(MongoSchema.EVENT_ID, eventId);
        }
        if (owner != null) {
            d.append(MongoSchema.OWNER, owner);
        }
        db.getCollection(MongoSchema.PHOTOS).insertOne(d);
    }

    /** A closed event of {@code members}, stored with its photos as {@code owner} (null: the hot path) left them. */
    private EventDoc closed(String owner, Photo... members) {
        EventSummary s = new EventSummary();
        for (Photo p : members) {
            s.add(p);
        }
        EventDoc e = EventDoc.event(s.eventId(), s, true, T0);
        e.owner = owner;
        for (Photo p : members) {
            insert(p, e.eventId, owner);
        }
        db.getCollection(MongoSchema.EVENTS).insertOne(EventBson.toBson(e));
        return e;
    }

    private EventDoc event(String id) {
        return EventBson.fromBson(db.getCollection(MongoSchema.EVENTS).find(Filters.eq(MongoSchema.ID, id)).first());
    }

    private String eventOf(String photoId) {
        return db.getCollection(MongoSchema.PHOTOS).find(Filters.eq(MongoSchema.ID, photoId)).first().getString(MongoSchema.EVENT_ID);
    }

    private ColdPath.Outcome run(Photo p) {
        return path.run(List.of(p), Map.of(p.photoId, p));
    }

    @Test
    void aCopyOfAPhotoTheHotPathAssignedIsDoneAndWritesNothing() {
        Photo a = new Photo("a", T0, 10, 10);
        EventDoc e = closed(null, a, new Photo("b", T0 + 60_000, 10, 10));

        ColdPath.Outcome o = run(a);

        assertThat(o.done).containsExactly("a");
        assertThat(o.written).isEmpty();
        assertThat(event(e.eventId).version).isEqualTo(e.version);
    }

    @Test
    void aCopyOfAPhotoTheColdPathAssignedIsDoneAndWritesNothing() {
        Photo a = new Photo("a", T0, 10, 10);
        closed(null, a);
        Photo late = new Photo("late", T0 + 60_000, 10, 10);
        insert(late, null, null);
        assertThat(run(late).written).isNotEmpty();
        EventDoc once = event(eventOf("late"));

        ColdPath.Outcome again = run(late);

        assertThat(again.done).containsExactly("late");
        assertThat(again.written).isEmpty();
        EventDoc after = event(once.eventId);
        assertThat(List.of(after.photoCount, after.version)).isEqualTo(List.of(2L, once.version));
    }

    @Test
    void aLatePhotoJoiningAnEventTheSweeperWroteTakesItOverAndPublishesIt() {
        Photo a = new Photo("s1", T0, 10, 10);
        EventDoc swept = closed(MongoSchema.OWNER_SWEEPER, a, new Photo("s2", T0 + 60_000, 10, 10));
        Photo late = new Photo("late", T0 + 120_000, 10, 10);
        insert(late, null, null);

        ColdPath.Outcome o = run(late);

        EventDoc now = event(swept.eventId);
        assertThat(List.of(now.photoCount, now.owner, eventOf("late"))).isEqualTo(List.of(3L, MongoSchema.OWNER_COLD_PATH, swept.eventId));
        assertThat(now.version).isGreaterThan(swept.version);
        assertThat(o.written).extracting(d -> d.eventId + "@" + d.version).containsExactly(now.eventId + "@" + now.version);
    }

    @Test
    void aLatePhotoBridgingAnEventTheSweeperWroteAndAJobEventMergesThem() {
        EventDoc job = closed(null, new Photo("j1", T0, 10, 10));
        EventDoc swept = closed(MongoSchema.OWNER_SWEEPER, new Photo("s1", T0 + 480_000, 10, 10));
        Photo bridge = new Photo("bridge", T0 + 240_000, 10, 10);
        insert(bridge, null, null);

        run(bridge);

        assertThat(event(swept.eventId).mergedInto).isEqualTo(job.eventId);
        assertThat(List.of(eventOf("j1"), eventOf("s1"), eventOf("bridge"))).containsOnly(job.eventId);
        assertThat(event(job.eventId).photoCount).isEqualTo(3L);
    }

    @Test
    void anEarlierSweepsUnfinishedChangeHandedOverIsFinishedCountingItsPhotoOnce() {
        assertThat(List.of(ColdPath.CLAIM, ColdPath.CHANGE)).isEqualTo(List.of(MongoSchema.COLD_CLAIM, MongoSchema.COLD_CHANGE));
        Photo s1 = new Photo("s1", T0, 10, 10);
        Photo l1 = new Photo("l1", T0 + 480_000, 10, 10);
        Photo p = new Photo("p", T0 + 240_000, 10, 10);
        EventDoc loser = closed(null, l1);
        // The sweep wrote its survivor counting s1, p and l1, listing p and the loser, then died.
        EventSummary all = new EventSummary();
        List.of(s1, p, l1).forEach(all::add);
        EventDoc survivor = EventDoc.event(all.eventId(), all, true, T0);
        survivor.owner = MongoSchema.OWNER_SWEEPER;
        survivor.version = 10;
        insert(s1, survivor.eventId, MongoSchema.OWNER_SWEEPER);
        db.getCollection(MongoSchema.EVENTS).insertOne(EventBson.toBson(survivor).append(MongoSchema.COLD_CHANGE,
                new Document("photos", List.of("p")).append("losers",
                        List.of(new Document(MongoSchema.ID, loser.eventId).append(MongoSchema.VERSION, loser.version)))));
        insert(p, null, null);
        db.getCollection(MongoSchema.PHOTOS).updateOne(Filters.eq(MongoSchema.ID, "p"),
                com.mongodb.client.model.Updates.set(MongoSchema.COLD_CLAIM, survivor.eventId));

        ColdPath.Outcome o = run(p);

        assertThat(o.done).containsExactly("p");
        assertThat(List.of(eventOf("s1"), eventOf("p"), eventOf("l1"))).containsOnly(survivor.eventId);
        assertThat(event(survivor.eventId).photoCount).isEqualTo(3L);
        assertThat(event(loser.eventId).mergedInto).isEqualTo(survivor.eventId);
        assertThat(o.written).extracting(d -> d.eventId).containsExactly(loser.eventId);
    }
}
