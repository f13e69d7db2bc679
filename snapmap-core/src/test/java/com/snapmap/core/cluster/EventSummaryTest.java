package com.snapmap.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.snapmap.core.Photo;
import org.junit.jupiter.api.Test;

class EventSummaryTest {

    @Test
    void foldsPhotosAndNamesTheEventAfterItsFirstPhoto() {
        EventSummary s = new EventSummary();
        s.add(new Photo("b", 2000, 45.0, 4.0));
        s.add(new Photo("a", 2000, 45.001, 4.001));
        s.add(new Photo("c", 1000, 45.002, 4.002));
        assertThat(s.count).isEqualTo(3);
        assertThat(s.startAt).isEqualTo(1000);
        assertThat(s.endAt).isEqualTo(2000);
        assertThat(s.firstPhotoId).isEqualTo("c");
        assertThat(s.eventId()).isEqualTo(EventIds.forFirstPhoto("c"));
        assertThat(s.centroidLat()).isCloseTo(45.001, offset(1e-6));
        assertThat(s.centroidLon()).isCloseTo(4.001, offset(1e-6));
        assertThat(s.bbox()).containsExactly(new double[] {4.0, 45.0, 4.002, 45.002}, offset(1e-9));
        // The bbox diagonal is ~270 m; the farthest corner from the centre is half of it.
        assertThat(s.radiusMeters()).isCloseTo(135.0, offset(5.0));
    }

    @Test
    void aPartThatGrewReplacesItsEarlierSelfInAWhole() {
        EventSummary a = EventSummary.of(new Photo("a", 10, 1, 1));
        EventSummary b = EventSummary.of(new Photo("b", 20, 1.0001, 1.0002));
        EventSummary grownB = b.copy();
        grownB.add(new Photo("b2", 5, 1.0003, 0.9998));
        grownB.add(new Photo("b3", 30, 1.0002, 1.0004));

        EventSummary whole = a.copy();
        whole.merge(b);
        whole.forgetCounts(b);
        whole.merge(grownB);

        EventSummary direct = a.copy();
        direct.merge(grownB);
        assertThat(whole.count).isEqualTo(4);
        assertThat(whole.firstPhotoId).isEqualTo("b2");
        assertThat(whole.startAt).isEqualTo(direct.startAt);
        assertThat(whole.endAt).isEqualTo(direct.endAt);
        assertThat(whole.centroidLat()).isCloseTo(direct.centroidLat(), offset(1e-12));
        assertThat(whole.centroidLon()).isCloseTo(direct.centroidLon(), offset(1e-12));
        assertThat(whole.bbox()).containsExactly(direct.bbox(), offset(1e-12));
        assertThat(whole.footprint()).containsExactly(direct.footprint(), offset(1e-9));
    }

    @Test
    void tiesOnTimeBreakByPhotoId() {
        EventSummary s = EventSummary.of(new Photo("z", 5, 0, 0));
        s.merge(EventSummary.of(new Photo("y", 5, 0, 0)));
        assertThat(s.firstPhotoId).isEqualTo("y");
    }

    @Test
    void mergeIsOrderIndependent() {
        EventSummary a = EventSummary.of(new Photo("a", 10, 1, 1));
        EventSummary b = EventSummary.of(new Photo("b", 20, 1.0001, 1.0002));
        EventSummary c = EventSummary.of(new Photo("c", 5, 0.9999, 0.9998));
        EventSummary abc = a.copy();
        abc.merge(b);
        abc.merge(c);
        EventSummary cba = c.copy();
        cba.merge(b);
        cba.merge(a);
        assertThat(abc.count).isEqualTo(cba.count);
        assertThat(abc.firstPhotoId).isEqualTo(cba.firstPhotoId).isEqualTo("c");
        assertThat(abc.bbox()).containsExactly(cba.bbox(), offset(1e-9));
        assertThat(abc.centroidLat()).isCloseTo(cba.centroidLat(), offset(1e-12));
    }

    @Test
    void bboxCrossingTheAntimeridianStaysSmall() {
        EventSummary s = EventSummary.of(new Photo("a", 0, 10, 179.9998));
        s.add(new Photo("b", 0, 10, -179.9998));
        double[] bbox = s.bbox();
        assertThat(bbox[0]).isCloseTo(179.9998, offset(1e-9)); // west
        assertThat(bbox[2]).isCloseTo(-179.9998, offset(1e-9)); // east, west > east: crosses 180
        assertThat(Math.abs(s.centroidLon())).isCloseTo(180.0, offset(1e-6));
        assertThat(s.radiusMeters()).isLessThan(50);
    }

    @Test
    void emptyIsTheIdentity() {
        EventSummary s = EventSummary.of(new Photo("a", 7, 3, 4));
        s.merge(new EventSummary());
        EventSummary e = new EventSummary();
        e.merge(s);
        assertThat(e.count).isEqualTo(1);
        assertThat(e.firstPhotoId).isEqualTo("a");
    }
}
