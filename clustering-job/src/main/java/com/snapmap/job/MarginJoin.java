package com.snapmap.job;

import com.snapmap.job.model.HaloHome;

/**
 * The margin join (docs/HOT-PATH.md, "No single key"): a halo copy of one of this region's photos
 * linked a cluster of another region (a TOUCH); meeting the photo's own label here, the touch
 * becomes a border edge between the two clusters. Touch and label come from different linker
 * subtasks, so either may arrive first: the one that comes first waits in the photo's entry.
 * Flink-free; {@link EventRegistry} runs it on keyed state ("halo-homes").
 */
final class MarginJoin {

    /** What the join leads to. */
    interface Joins {

        /** This region's cluster {@code ownLabel} and another region's {@code otherLabel} are linked. */
        void edge(String ownLabel, String otherLabel) throws Exception;

        /** The photo's entry may be forgotten with the sweep of a photo taken at {@code takenAt}. */
        void forgettable(String photoId, long takenAt) throws Exception;
    }

    private static final String[] NONE = new String[0];

    private final ClusteringConfig config;
    private final EntryStore<HaloHome> homes;

    MarginJoin(ClusteringConfig config, EntryStore<HaloHome> homes) {
        this.config = config;
        this.homes = homes;
    }

    /** A photo with halo copies got its label: the touches that waited for it become edges. */
    void labelled(String photoId, String label, long takenAt, Joins j) throws Exception {
        HaloHome h = homes.get(photoId);
        String[] waiting = h == null ? NONE : h.waiting;
        if (h == null || config.sweepAt(h.takenAt) != config.sweepAt(takenAt)) {
            j.forgettable(photoId, takenAt);
        }
        h = new HaloHome();
        h.label = label;
        h.takenAt = takenAt;
        homes.put(photoId, h);
        for (String other : waiting) {
            j.edge(label, other);
        }
    }

    /** A halo copy of the photo touched {@code otherLabel}: an edge now, or once the photo's label is known. */
    void touched(String photoId, String otherLabel, long takenAt, Joins j) throws Exception {
        HaloHome h = homes.get(photoId);
        if (h != null && h.label != null) {
            j.edge(h.label, otherLabel);
            return;
        }
        // The touch overtook the photo's own ASSIGN.
        if (h == null) {
            h = new HaloHome();
        }
        String[] waiting = new String[h.waiting.length + 1];
        System.arraycopy(h.waiting, 0, waiting, 0, h.waiting.length);
        waiting[h.waiting.length] = otherLabel;
        long sweepBefore = h.waiting.length == 0 ? Long.MIN_VALUE : config.sweepAt(h.takenAt);
        h.waiting = waiting;
        h.takenAt = Math.max(h.takenAt, takenAt);
        homes.put(photoId, h);
        if (config.sweepAt(h.takenAt) != sweepBefore) {
            j.forgettable(photoId, h.takenAt);
        }
    }

    /**
     * Forgets the photo's entry if nothing can touch it any more: it was taken by
     * {@code lastForgottenAt} (an entry filed again for a later sweep stays until that one).
     */
    void expire(String photoId, long lastForgottenAt) throws Exception {
        HaloHome h = homes.get(photoId);
        if (h != null && h.takenAt <= lastForgottenAt) {
            homes.remove(photoId); // the last removal of a key also drops its map (heap and RocksDB)
        }
    }
}
