package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;

/**
 * The event registry's state for one union–find root: the event's summary, the id last published
 * for it, the local labels it spans, its version and when it expires.
 */
public class RootState {

    public EventSummary summary = new EventSummary();
    /** The event id downstream knows this root by; null until it holds a photo. */
    public String publishedId;
    public String[] members = new String[0];
    public long version;
    /** Event time at which the event is closed and forgotten; Long.MAX_VALUE while empty. */
    public long expireAt = Long.MAX_VALUE;

    public RootState() {}
}
