package com.snapmap.bench;

import com.snapmap.core.Photo;
import com.snapmap.job.ClusteringConfig;
import java.util.List;
import java.util.PriorityQueue;

/**
 * How many photos the job must hold at a time: a photo is live from its arrival until the
 * watermark (highest takenAt so far minus the out-of-orderness) passes its forget time. Averaged
 * over the arrivals, it is what a checkpoint taken at a random moment of the run holds.
 */
public final class LivePhotos {

    private LivePhotos() {}

    public static double average(List<Photo> arrivals, ClusteringConfig config) {
        PriorityQueue<Long> forgetAt = new PriorityQueue<>();
        long maxTakenAt = Long.MIN_VALUE;
        double sum = 0;
        for (Photo p : arrivals) {
            maxTakenAt = Math.max(maxTakenAt, p.takenAt);
            long watermark = maxTakenAt - config.outOfOrdernessMillis() - 1;
            if (p.takenAt > watermark - config.allowedLatenessMillis()) {
                forgetAt.add(config.forgetAt(p.takenAt)); // later ones are too late: never held
            }
            while (!forgetAt.isEmpty() && forgetAt.peek() <= watermark) {
                forgetAt.poll();
            }
            sum += forgetAt.size();
        }
        return arrivals.isEmpty() ? 0 : sum / arrivals.size();
    }
}
