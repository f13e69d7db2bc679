package com.snapmap.job.model;

/**
 * The margin join's state for one home photo that has halo copies: its local label (null until
 * its ASSIGN arrives) and the neighbouring regions' labels its halo copies touched before that.
 */
public class HaloHome {

    public String label;
    public long takenAt;
    public String[] waiting = new String[0];

    public HaloHome() {}
}
