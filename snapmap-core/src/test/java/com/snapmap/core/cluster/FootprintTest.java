package com.snapmap.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The footprint is the convex hull of the members, and merging hulls loses nothing. */
class FootprintTest {

    private static List<double[]> cloud(Random r, double lat, double lon, double spreadDeg, int n) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double la = lat + (r.nextDouble() - 0.5) * spreadDeg;
            double lo = lon + (r.nextDouble() - 0.5) * spreadDeg;
            out.add(new double[] {la, EventSummary.normalizeLon(lo)});
        }
        return out;
    }

    private static EventSummary summary(List<double[]> points, int from, int to) {
        EventSummary s = new EventSummary();
        for (int i = from; i < to; i++) {
            s.add("p" + i, 1000L + i, points.get(i)[0], points.get(i)[1]);
        }
        return s;
    }

    /** The ring's vertices, order-free, for comparing hulls. */
    private static TreeSet<String> vertices(double[] ring) {
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i + 1 < ring.length; i += 2) {
            out.add(ring[i] + "," + ring[i + 1]);
        }
        return out;
    }

    @Test
    void hullOfASetEqualsTheHullOfTheHullsOfAnySplit() {
        Random r = new Random(7);
        double[][] centres = {{48.85, 2.35}, {-33.9, 151.2}, {0.0, 179.9995}, {-16.5, -179.9995}, {70.0, 180.0}};
        for (double[] c : centres) {
            for (int round = 0; round < 40; round++) {
                List<double[]> pts = cloud(r, c[0], c[1], 0.002, 3 + r.nextInt(400));
                double[] whole = summary(pts, 0, pts.size()).footprint();
                int cut1 = r.nextInt(pts.size() + 1);
                int cut2 = cut1 + r.nextInt(pts.size() - cut1 + 1);
                EventSummary merged = summary(pts, cut2, pts.size());
                merged.merge(summary(pts, 0, cut1));
                merged.merge(summary(pts, cut1, cut2));
                assertThat(merged.footprint()).as("centre %s round %d", Arrays.toString(c), round).isEqualTo(whole);
            }
        }
    }

    @Test
    void aSetAcrossTheAntimeridianGetsASmallCounterClockwiseHull() {
        EventSummary s = new EventSummary();
        s.add("a", 0, 10.0000, 179.9998);
        s.add("b", 0, 10.0000, -179.9998);
        s.add("c", 0, 10.0003, -179.9998);
        s.add("d", 0, 10.0003, 179.9998);
        s.add("inside", 0, 10.0001, 180.0);
        double[] ring = s.footprint();
        assertThat(vertices(ring)).containsExactlyInAnyOrder("179.9998,10.0", "-179.9998,10.0", "-179.9998,10.0003",
                "179.9998,10.0003");
        assertThat(ring).hasSize(10);
        assertThat(ring[0]).isEqualTo(ring[8]);
        assertThat(ring[1]).isEqualTo(ring[9]);
        // Counter-clockwise from the south-east corner (the lowest longitude number): north next.
        assertThat(new double[] {ring[0], ring[1], ring[2], ring[3]}).containsExactly(-179.9998, 10.0, -179.9998, 10.0003);
    }

    @Test
    void fewerThanThreeDistinctPointsMakeAPointOrASegment() {
        EventSummary s = new EventSummary();
        s.add("a", 0, 1, 1);
        assertThat(s.footprint()).containsExactly(1, 1);
        s.add("b", 0, 1.002, 1.002);
        s.add("c", 0, 1.002, 1.002); // the same spot twice: still a segment
        assertThat(s.footprint()).containsExactly(1, 1, 1.002, 1.002);
    }

    @Test
    void onePhotosFootprintIsItsPositionLonThenLatWhateverTheCentre() {
        assertThat(Footprint.positions(new double[] {48.85, 2.35}, 10, 20)).containsExactly(2.35, 48.85);
        assertThat(Footprint.vertices(new double[] {48.85, 2.35}, 10, 20)).containsExactly(48.85, 2.35);
    }

    @Test
    void aRestoredSummaryKeepsItsHull() {
        List<double[]> pts = cloud(new Random(3), 40.4, -3.7, 0.003, 200);
        EventSummary all = summary(pts, 0, 200);
        EventSummary first = summary(pts, 0, 150);
        EventSummary restored = EventSummary.restore(first.count, first.centroidLat(), first.centroidLon(),
                first.bbox()[0], first.bbox()[1], first.bbox()[2], first.bbox()[3], first.startAt, first.endAt,
                first.firstPhotoId, first.footprint());
        restored.merge(summary(pts, 150, 200));
        assertThat(restored.footprint()).isEqualTo(all.footprint());
    }

    @Test
    void aRestoredSegmentKeepsItsEnds() {
        EventSummary two = new EventSummary();
        two.add("a", 0, 1.000, 2.001);
        two.add("b", 0, 1.001, 2.000);
        EventSummary restored = EventSummary.restore(2, two.centroidLat(), two.centroidLon(), two.bbox()[0],
                two.bbox()[1], two.bbox()[2], two.bbox()[3], 0, 0, "a", two.footprint());
        restored.add("c", 0, 1.002, 2.002);
        EventSummary three = two.copy();
        three.add("c", 0, 1.002, 2.002);
        // The stored bbox's east is west + width, exact to 1e-12 only.
        assertThat(three.footprint()).isNotNull();
        assertThat(restored.footprint()).containsExactly(three.footprint(), org.assertj.core.data.Offset.offset(1e-9));
    }
}
