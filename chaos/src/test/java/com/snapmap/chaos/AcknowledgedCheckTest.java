package com.snapmap.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.chaos.AcknowledgedCheck.EventUpdate;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.core.cluster.LinkRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AcknowledgedCheckTest {

    private static final Instant T = Instant.parse("2026-12-07T06:00:00Z");
    private final AcknowledgedCheck check = new AcknowledgedCheck(LinkRule.defaults());

    // Two photos together at one spot (event E1), one alone 1 km away (event E2).
    private final List<Acknowledged> acked = List.of(
            ack("a", 45.0, 4.0, T), ack("b", 45.0001, 4.0, T.plusSeconds(10)), ack("c", 45.01, 4.0, T));
    private final Map<String, PhotoDoc> stored = new HashMap<>();
    private final Set<String> readable = new HashSet<>(Set.of("a", "b", "c"));
    private final Map<String, EventDoc> events = new HashMap<>();
    private final List<EventUpdate> updates = new ArrayList<>(List.of(new EventUpdate("E1", 2), new EventUpdate("E2", 1)));

    AcknowledgedCheckTest() {
        acked.forEach(a -> stored.put(a.photoId(), doc(a, a.photoId().equals("c") ? "E2" : "E1")));
        events.put("E1", event("E1", 2));
        events.put("E2", event("E2", 1));
    }

    @Test
    void aHealthyRunPasses() {
        CheckResult r = run();
        assertThat(r.passed()).isTrue();
        assertThat(r.lost()).isZero();
        assertThat(r.events()).isEqualTo(2);
    }

    @Test
    void aMissingDocumentIsLost() {
        stored.remove("b");
        CheckResult r = run();
        assertThat(r.missingDocument()).containsExactly("b");
        assertThat(r.lost()).isEqualTo(1);
    }

    @Test
    void aBareDocumentTheJobRecreatedIsLost() {
        stored.put("b", new PhotoDoc("b", null, null, null, null, null, null, null, null, "E1", "l", null));
        assertThat(run().incompleteDocument()).containsExactly("b");
    }

    @Test
    void unreadableBytesAreLost() {
        readable.remove("c");
        CheckResult r = run();
        assertThat(r.blobUnreadable()).containsExactly("c");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aPhotoWithoutEventIdIsLost() {
        stored.put("c", doc(acked.get(2), null));
        events.remove("E2");
        assertThat(run().withoutEvent()).containsExactly("c");
    }

    @Test
    void anEventIdIsFollowedThroughItsTombstone() {
        stored.put("b", doc(acked.get(1), "P"));
        events.put("P", EventDoc.tombstone("P", "E1", 2, 0));
        assertThat(run().passed()).isTrue();
    }

    @Test
    void aTombstoneLeadingNowhereIsLost() {
        stored.put("b", doc(acked.get(1), "P"));
        events.put("P", EventDoc.tombstone("P", "GONE", 2, 0));
        assertThat(run().withoutEvent()).containsExactly("b");
    }

    @Test
    void aSplitEventDiffersFromTheReference() {
        stored.put("b", doc(acked.get(1), "E3"));
        events.put("E1", event("E1", 1));
        events.put("E3", event("E3", 1));
        CheckResult r = run();
        assertThat(r.partitionMatches()).isFalse();
        assertThat(r.lost()).isZero();
    }

    @Test
    void anEventCountingAPhotoTwiceIsDoubleCounted() {
        events.put("E1", event("E1", 3));
        CheckResult r = run();
        assertThat(r.doubleCounted()).isEqualTo(1);
        assertThat(r.miscounted()).containsExactly(new CheckResult.Miscount("E1", 3, 2));
    }

    @Test
    void anEventCountingTooFewFailsWithoutDoubleCounting() {
        events.put("E1", event("E1", 1));
        CheckResult r = run();
        assertThat(r.doubleCounted()).isZero();
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aStoredButUnacknowledgedPhotoCountsAsAMember() {
        PhotoDoc extra = new PhotoDoc("x", T.plusSeconds(5), 45.00005, 4.0, T, "u", "image/jpeg", 1L, "s", "E1", "l", null);
        stored.put("x", extra);
        events.put("E1", event("E1", 3));
        CheckResult r = run();
        assertThat(r.passed()).isTrue();
        assertThat(r.storedUnacknowledged()).isEqualTo(1);
    }

    @Test
    void aRepeatedVersionOnTheFeedFails() {
        updates.add(new EventUpdate("E1", 2));
        CheckResult r = run();
        assertThat(r.duplicateVersions()).containsExactly("E1 v2 x2");
        assertThat(r.passed()).isFalse();
    }

    private CheckResult run() {
        return check.check(acked, stored, readable, events, updates);
    }

    private static Acknowledged ack(String id, double lat, double lon, Instant t) {
        return new Acknowledged(new PlannedPhoto("k-" + id, lat, lon, t), id, "sha-" + id);
    }

    private static PhotoDoc doc(Acknowledged a, String eventId) {
        PlannedPhoto p = a.planned();
        return new PhotoDoc(a.photoId(), p.takenAt(), p.lat(), p.lon(), T, "http://blob/" + a.photoId(), "image/jpeg", 100L,
                a.sha256(), eventId, eventId == null ? null : "l", null);
    }

    private static EventDoc event(String id, long count) {
        EventDoc d = new EventDoc();
        d.eventId = id;
        d.photoCount = count;
        d.version = count;
        return d;
    }
}
