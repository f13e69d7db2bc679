package com.snapmap.sweeper;

/**
 * The writes of one group's sweep, in the order they are made. A sweep that stops between any two
 * of them is finished or undone by a later run; tests stop it at each in turn.
 */
enum SweepWrite {
    /** Claims an orphan for this sweep (one write per photo). */
    CLAIM,
    /** Names the event on the claims: from here that event may count them. */
    INTENT,
    /** Writes the survivor with the photos and events it now counts listed as pending. */
    SURVIVOR,
    /** Retires one merged event into the survivor. */
    TOMBSTONE,
    /** Moves one merged event's photos to the survivor. */
    LOSER_PHOTOS,
    /** Points the group's photos at the survivor. */
    PHOTOS,
    /** Clears the survivor's pending list: the sweep is complete. */
    SETTLE,
    /** Drops this sweep's claims. */
    RELEASE
}
