package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.model.CellPhoto;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeOrderedPhotosTest {

    private static CellPhoto photo(String id, long takenAt) {
        return new CellPhoto("u0", true, id, takenAt, 0, 0);
    }

    private static List<String> ids(TimeOrderedPhotos g) {
        List<String> out = new ArrayList<>();
        for (int i = g.start(); i < g.end(); i++) {
            out.add(g.photo(i).photoId);
        }
        return out;
    }

    @Test
    void keepsPhotosSortedByTimeAndAnInstantInArrivalOrder() {
        TimeOrderedPhotos g = new TimeOrderedPhotos();
        g.add(photo("c", 30));
        g.add(photo("a", 10));
        g.add(photo("d", 30));
        g.add(photo("b", 20));
        g.add(photo("e", 30));
        assertThat(ids(g)).containsExactly("a", "b", "c", "d", "e");
        assertThat(g.upperBound(20)).isEqualTo(g.start() + 2);
        assertThat(g.upperBound(29)).isEqualTo(g.start() + 2);
        assertThat(g.upperBound(30)).isEqualTo(g.end());
    }

    @Test
    void evictsTheOldestAndReportsThem() {
        TimeOrderedPhotos g = new TimeOrderedPhotos();
        for (int i = 0; i < 10; i++) {
            g.add(photo("p" + i, i * 10L));
        }
        List<CellPhoto> gone = new ArrayList<>();
        assertThat(g.evictUpTo(35, gone)).isEqualTo(4);
        assertThat(gone).extracting(p -> p.photoId).containsExactly("p0", "p1", "p2", "p3");
        assertThat(g.size()).isEqualTo(6);
        assertThat(g.time(g.start())).isEqualTo(40);
        assertThat(g.evictUpTo(1_000, gone)).isEqualTo(6);
        assertThat(g.isEmpty()).isTrue();
    }

    @Test
    void staysSortedThroughGrowthCompactionAndLateArrivals() {
        TimeOrderedPhotos g = new TimeOrderedPhotos();
        Random random = new Random(7);
        List<Long> expected = new ArrayList<>();
        long evicted = Long.MIN_VALUE;
        for (int i = 0; i < 5_000; i++) {
            long t = i * 10L - random.nextInt(500); // up to 50 photos late
            if (t <= evicted) {
                continue; // the index never gets a photo older than what it has forgotten
            }
            g.add(photo("p" + i, t));
            expected.add(t);
            if (i % 100 == 99) {
                evicted = i * 10L - 2_000;
                g.evictUpTo(evicted, new ArrayList<>());
                long cut = evicted;
                expected.removeIf(x -> x <= cut);
            }
        }
        expected.sort(null);
        List<Long> times = new ArrayList<>();
        for (int i = g.start(); i < g.end(); i++) {
            times.add(g.time(i));
        }
        assertThat(times).isEqualTo(expected);
    }

    @Test
    void findsTheFirstPhotoAfterAnyTimeFromTheNewestEnd() {
        TimeOrderedPhotos g = new TimeOrderedPhotos();
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            g.add(photo("p" + i, random.nextInt(100) * 10L)); // many photos per instant, any order
        }
        g.evictUpTo(95, new ArrayList<>()); // the group starts past the array's start
        for (long t = 0; t <= 1_000; t += 5) {
            int expected = g.start();
            while (expected < g.end() && g.time(expected) <= t) {
                expected++;
            }
            assertThat(g.upperBound(t)).as("first after %d", t).isEqualTo(expected);
        }
    }
}
