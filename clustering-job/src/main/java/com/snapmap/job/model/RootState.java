package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;

/**
 * The event registry's state for one union–find root of a region: the event's summary (of this
 * region's part of it), the id last published for it, when it expires, and whether it crosses a
 * region border (then the border merge publishes the whole event, and this region only reports
 * its part).
 */
public class RootState {

    public EventSummary summary = new EventSummary();
    /** The event id downstream knows this root by; null until it holds a photo. */
    public String publishedId;
    /** Event time at which the event is closed and forgotten; Long.MAX_VALUE while empty. */
    public long expireAt = Long.MAX_VALUE;
    /** The cluster crosses a region border: the border merge owns its documents. */
    public boolean border;
    /** The border merge tiers the cluster has edges in ({@code BorderTiers}). */
    public int borderTiers;
    /**
     * How many local labels the cluster has (at least one). A root keeps no parent entry, and a
     * root of one label no members entry either (two thirds of a lone photo's state writes).
     */
    public int labels;
    /**
     * How many of the cluster's labels (in the order of its members) its parts have carried to the
     * border merge, which keeps every label it was sent: a part carries only the ones after these.
     */
    public int sentLabels;

    public RootState() {}

    public RootState copy() {
        RootState r = new RootState();
        r.summary = summary.copy();
        r.publishedId = publishedId;
        r.expireAt = expireAt;
        r.border = border;
        r.borderTiers = borderTiers;
        r.labels = labels;
        r.sentLabels = sentLabels;
        return r;
    }
}
