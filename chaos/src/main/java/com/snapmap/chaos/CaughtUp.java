package com.snapmap.chaos;

import java.util.Map;

/**
 * Whether the clustering job has durably handled every {@code photo-uploads} record up to a mark:
 * its consumer group's committed offsets (committed once a checkpoint completes, and a checkpoint
 * completes only after the sinks flushed every write of the records before it) have reached the
 * topic's end offsets as they were at the mark. Then a photo of those records still without eventId
 * is not late but lost; before, it may be waiting for a restart of the job.
 */
final class CaughtUp {

    private CaughtUp() {}

    /**
     * @param committed the job's committed offset per partition (a partition it never committed is absent)
     * @param mark the end offset per partition to reach
     */
    static boolean reached(Map<Integer, Long> committed, Map<Integer, Long> mark) {
        for (Map.Entry<Integer, Long> m : mark.entrySet()) {
            if (m.getValue() > committed.getOrDefault(m.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }
}
