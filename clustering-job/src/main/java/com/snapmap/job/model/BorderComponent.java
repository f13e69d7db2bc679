package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;

/**
 * The border merge's state for one union–find root: the region parts it joins, how many local
 * labels it spans (the labels themselves are kept in chunks beside it, for relabels and clean-up),
 * the id published for the whole event, and the part ids already tombstoned into it.
 */
public class BorderComponent {

    public String[] parts = new String[0];
    /** The id each of {@code parts} was last published as by its region (same order). */
    public String[] partIds = new String[0];
    /** The whole event: the merge of the parts' latest summaries, kept up to date. */
    public EventSummary whole = new EventSummary();
    /** How many local labels the component spans (kept in the border merge's "labels" state). */
    public int labelCount;
    /** How many of its labels were relabelled to {@code publishedId} already. */
    public int relabelled;
    public String publishedId;
    public String[] tombstoned = new String[0];
    /** Ids of events this one absorbed, to be tombstoned into it by the next update. */
    public String[] retired = new String[0];
    public long expireAt = Long.MAX_VALUE;
    /**
     * The tiers its parts have edges in. With one above this node's tier the component is not
     * this node's to decide: it is handed up whole, and {@code handedTo} is the node it went to.
     */
    public int tiers;
    public String handedTo;
    /** How many of its labels the node above has been handed (see BorderMerge#update). */
    public int handedLabels;

    public BorderComponent() {}
}
