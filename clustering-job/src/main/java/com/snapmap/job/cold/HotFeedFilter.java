package com.snapmap.job.cold;

import com.snapmap.job.model.EventDocument;

/**
 * Keeps the hot path's records of an event off the {@code event-updates} feed once the cold path
 * has published a version of that event (docs/DELIVERY.md, "The cold path"). The hot path never
 * writes an event the cold path has taken over, but it still publishes what it computed: its own,
 * lower, versions of an event it once closed, again in a replay from the earliest offsets, and in a
 * live run its closing record may still be on its way when the cold path takes the event over.
 * Either would land on the feed after the cold path's current version.
 *
 * <p>Per event (the caller keys by event id) it remembers the highest version the cold path
 * emitted; a hot record at or below it is dropped, every other record passes, cold ones always.
 * A hot record costs one read of that value and no write; only cold records write it.
 */
public final class HotFeedFilter {

    /** The highest version the cold path emitted of the current event: keyed state in the job. */
    public interface ColdVersion {
        /** Null while the cold path has emitted nothing of the current event. */
        Long get() throws Exception;

        void set(long version) throws Exception;
    }

    private final ColdVersion cold;

    public HotFeedFilter(ColdVersion cold) {
        this.cold = cold;
    }

    /** Whether a record of the hot path goes on the feed. */
    public boolean passesHot(EventDocument hot) throws Exception {
        Long last = cold.get();
        return last == null || hot.version > last;
    }

    /** A record of the cold path: it always goes on the feed, and from now on holds back the hot path's. */
    public void passCold(EventDocument d) throws Exception {
        Long last = cold.get();
        if (last == null || d.version > last) {
            cold.set(d.version);
        }
    }
}
