package com.snapmap.sweeper;

/** What one sweep did. */
public final class SweepReport {

    /** Photos without eventId past the grace. */
    public int scanned;
    /** Re-driven through photo-uploads by this sweep (taken over included). */
    public int redriven;
    /** Left alone: re-driven lately (by this or another sweep), or clustered since the scan. */
    public int held;
    /** Leases a dead sweep left unsent, re-driven by this one. */
    public int takenOver;
    /** Orphans an earlier build's interrupted sweep had counted, handed to the cold path to finish. */
    public int handedOver;
    /** Documents without place or time (never the gateway's): nothing to re-drive. */
    public int incomplete;

    @Override
    public String toString() {
        return "scanned " + scanned + ", re-driven " + redriven + " (" + takenOver + " taken over), held " + held
                + ", handed over " + handedOver + ", incomplete " + incomplete;
    }
}
