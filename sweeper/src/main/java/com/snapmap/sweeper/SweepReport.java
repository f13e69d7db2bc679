package com.snapmap.sweeper;

/** What one sweep did. */
public final class SweepReport {

    public int scanned;
    public int redriven;
    public int assigned;
    public int merged;
    public int deferred;
    public int failed;
    /** Photos an interrupted sweep had counted in an event, pointed at it by this one. */
    public int resumed;

    @Override
    public String toString() {
        return "scanned " + scanned + ", re-driven " + redriven + ", assigned " + assigned + ", merged " + merged
                + ", deferred " + deferred + ", failed " + failed
                + ", resumed " + resumed;
    }
}
