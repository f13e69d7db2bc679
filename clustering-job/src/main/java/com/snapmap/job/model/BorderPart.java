package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;

/** The border merge's copy of one region's part of a border-crossing event (from its last PART). */
public class BorderPart {

    public EventSummary summary;
    public String partId;
    public String[] members = new String[0];

    public BorderPart() {}
}
