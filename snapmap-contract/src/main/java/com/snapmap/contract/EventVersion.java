package com.snapmap.contract;

/**
 * The one rule for {@code events.version}, shared by the job's hot and cold paths. Versions only
 * grow for a given id, so "existing.version <= incoming.version" orders two writers of the same
 * event: an open event is at its photoCount, closing it adds one, and a change to a closed event
 * (the cold path's; in earlier builds the sweeper's, hence the name) always moves past everything
 * the hot path could have written for the same members.
 *
 * <p>A photo erased while its event is open (docs/SEMANTICS.md, "Deleting a photo") lowers the
 * photoCount at once but must still raise the version: the rule then takes {@link #counted} in place
 * of the photoCount, every photo the event counted plus every erasure of one of them. Without
 * erasures that is the photoCount.
 */
public final class EventVersion {

    private EventVersion() {}

    /**
     * What the rule counts for an event of {@code photoCount} photos from which {@code erased} more
     * were erased while it was open: each such photo counted when it came and again when it went, so
     * {@code photoCount + 2 × erased}.
     */
    public static long counted(long photoCount, long erased) {
        return photoCount + 2 * erased;
    }

    /** An open event: its photo count. */
    public static long open(long photoCount) {
        return photoCount;
    }

    /** A closed event: its photo count plus one, so it wins over the open document of the same members. */
    public static long closed(long photoCount) {
        return photoCount + 1;
    }

    public static long of(long photoCount, boolean closed) {
        return closed ? closed(photoCount) : open(photoCount);
    }

    /** A tombstone: the survivor's photo count when the tombstone was written. */
    public static long tombstone(long survivorPhotoCount) {
        return survivorPhotoCount;
    }

    /** The cold path changing a closed event: past its old version and past what the hot path would write. */
    public static long sweeperChange(long oldVersion, long newPhotoCount) {
        return Math.max(oldVersion + 1, closed(newPhotoCount));
    }
}
