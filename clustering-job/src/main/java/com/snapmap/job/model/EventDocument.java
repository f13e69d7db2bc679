package com.snapmap.job.model;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.EventVersion;
import com.snapmap.core.cluster.EventSummary;

/**
 * An event document as the job emits it to MongoDB {@code events} and the {@code event-updates}
 * feed: the contract's {@link EventDoc} (one document, one BSON and one JSON codec for every
 * service), absolute values, so writing the same document twice (a replay) changes nothing.
 */
public class EventDocument extends EventDoc {

    public EventDocument() {}

    /**
     * A live event. Its {@code version} follows the contract's rule ({@link EventVersion}: the
     * photo count, one more once closed) whatever {@code version} says, so every operator and the
     * sweeper agree on it; the argument is kept for the operators' call sites.
     */
    public static EventDocument of(String eventId, EventSummary s, long version, boolean closed, long updatedAt) {
        EventDocument d = new EventDocument();
        d.fillEvent(eventId, s, closed, updatedAt);
        return d;
    }

    /** A tombstone; {@code version} should be {@link EventVersion#tombstone} of the survivor's count. */
    public static EventDocument tombstone(String eventId, String mergedInto, long version, long updatedAt) {
        EventDocument d = new EventDocument();
        d.fillTombstone(eventId, mergedInto, version, updatedAt);
        return d;
    }
}
