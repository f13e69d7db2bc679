package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;

/** A border merge node's copy of one part of a border-crossing event (from its last PART). */
public class BorderPart {

    public EventSummary summary;
    public String partId;
    /** The tiers the part has edges in, from its last PART (its labels are kept in its component). */
    public int tiers;

    public BorderPart() {}
}
