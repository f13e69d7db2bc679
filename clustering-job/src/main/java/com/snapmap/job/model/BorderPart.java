package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;

/** A border merge node's copy of one part of a border-crossing event (from its last PART). */
public class BorderPart {

    public EventSummary summary;
    public String partId;
    /** Unused: a part's labels are kept in its component (kept so state from before restores as is). */
    public String[] members = new String[0];
    /** The tiers the part has edges in, from its last PART (0 in state from before tiers). */
    public int tiers;

    public BorderPart() {}
}
