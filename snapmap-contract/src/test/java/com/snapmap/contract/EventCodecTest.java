package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.place.Place;
import com.snapmap.contract.MongoSchema;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** One document, two encodings: BSON and JSON both give back the document they were made from. */
class EventCodecTest {

    private static EventSummary members() {
        EventSummary s = new EventSummary();
        s.add("p1", 1_714_521_600_000L, 10.0000, 179.9998);
        s.add("p2", 1_714_521_660_000L, 10.0000, -179.9998);
        s.add("p3", 1_714_521_720_000L, 10.0003, -179.9999);
        return s;
    }

    @Test
    void anEventSurvivesBothEncodings() {
        EventDoc d = EventDoc.event("e1", members(), true, 1_714_530_000_000L);
        d.owner = MongoSchema.OWNER_SWEEPER;
        assertThat(d.area).isNotNull();
        assertSurvivesBothEncodings(d);
    }

    private static void assertSurvivesBothEncodings(EventDoc d) {
        assertThat(EventBson.fromBson(EventBson.toBson(d))).isEqualTo(d);
        assertThat(EventJson.fromJson(EventJson.toJson(d))).isEqualTo(d);
        // What a reader gets through the driver (a JSON round trip of the stored BSON) decodes alike.
        assertThat(EventBson.fromBson(Document.parse(EventBson.toBson(d).toJson()))).isEqualTo(d);
    }

    @Test
    void aPlacedEventSurvivesBothEncodings() {
        EventSummary s = new EventSummary();
        s.add("p1", 1_714_521_600_000L, 45.7578, 4.8320);
        s.add("p2", 1_714_521_660_000L, 45.7579, 4.8321);
        EventDoc d = EventDoc.event("e1", s, false, 1_714_530_000_000L);
        assertThat(d.place).isEqualTo(new Place("Lyon", "Auvergne-Rhône-Alpes", "FR"));
        assertSurvivesBothEncodings(d);
    }

    @Test
    void aPlaceIsStoredWithItsSearchKey() {
        EventSummary s = new EventSummary();
        s.add("p1", 1_714_521_600_000L, 52.5163, 13.3777);
        Document b = EventBson.toBson(EventDoc.event("e1", s, false, 5));
        assertThat(b.get("place", Document.class)).isEqualTo(
                new Document("name", "Berlin").append("region", "State of Berlin").append("countryCode", "DE"));
        assertThat(b.getString("placeKey")).isEqualTo("berlin");
    }

    @Test
    void theStoredShapeIsDesignSection4() {
        Document b = EventBson.toBson(EventDoc.event("e1", members(), false, 5));
        assertThat(b.keySet()).containsExactly("_id", "centroid", "bbox", "radiusMeters", "startAt", "endAt",
                "photoCount", "version", "status", "updatedAt", "firstPhotoId", "cell", "area");
        assertThat(b.get("area", Document.class).getString("type")).isEqualTo("Polygon");
        assertThat(b.getLong("version")).isEqualTo(3);
        assertThat(b.getString("status")).isEqualTo("open");
    }

    @Test
    void smallEventsHaveAPointOrALineAsFootprint() {
        EventSummary one = new EventSummary();
        one.add("p", 0, 1, 2);
        assertThat(EventBson.toBson(EventDoc.event("e", one, false, 0)).get("area", Document.class).getString("type"))
                .isEqualTo("Point");
        one.add("q", 0, 1.001, 2);
        EventDoc two = EventDoc.event("e", one, false, 0);
        assertThat(EventBson.toBson(two).get("area", Document.class).getString("type")).isEqualTo("LineString");
        assertThat(EventJson.fromJson(EventJson.toJson(two))).isEqualTo(two);
    }

    @Test
    void aTombstoneIsIdMergedIntoVersionUpdatedAt() {
        EventDoc t = EventDoc.tombstone("old", "new", 7, 9);
        assertThat(EventBson.toBson(t).keySet()).containsExactly("_id", "mergedInto", "version", "updatedAt");
        assertThat(EventBson.fromBson(EventBson.toBson(t))).isEqualTo(t);
        assertThat(EventJson.fromJson(EventJson.toJson(t))).isEqualTo(t);
    }

    @Test
    void aSplitsTombstoneListsItsPartsInBothEncodings() {
        EventDoc t = EventDoc.split("old", new String[] {"a", "b"}, 7, 9);
        assertThat(t.mergedInto).isEqualTo("a");
        assertThat(EventBson.toBson(t).getList("splitInto", String.class)).containsExactly("a", "b");
        assertSurvivesBothEncodings(t);
    }
}
