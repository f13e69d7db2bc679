package com.snapmap.bench.naive;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.geo.Haversine;
import org.junit.jupiter.api.Test;

class RecentPhotoBucketsTest {

    private final RecentPhotoBuckets buckets = new RecentPhotoBuckets(50, 300_000);

    @Test
    void aLinkablePhotoIsAlwaysFiledUnderADocumentTheLookUpReads() {
        long t = 1_714_564_800_000L;
        for (int i = 0; i < 200; i++) {
            double[] q = Haversine.destination(45.76, 4.835, i % 50, i * 37 % 360);
            long tq = t + (i % 2 == 0 ? 1 : -1) * (i * 1_511L % 300_001);
            assertThat(buckets.around(45.76, 4.835, t)).contains(buckets.home(q[0], q[1], tq));
        }
    }
}
