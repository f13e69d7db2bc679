package com.snapmap.job.model;

/**
 * A photo routed to a cell: its home cell, or a neighbouring cell it lies within R of (a halo
 * copy, which never becomes a member there). {@code label} is set once the cell linker has placed
 * a home photo in a local cluster.
 */
public class CellPhoto {

    /** The region (routing cell) this copy is keyed by. */
    public String cell;
    public boolean home;
    /** The photo's home region (equal to {@code cell} on the home copy). */
    public String homeCell;
    /** How many halo copies the photo has: a home photo without any never needs a margin join. */
    public int haloCount;
    public String photoId;
    public long takenAt;
    public double lat;
    public double lon;
    public String label;

    public CellPhoto() {}

    public CellPhoto(String cell, boolean home, String photoId, long takenAt, double lat, double lon) {
        this.cell = cell;
        this.home = home;
        this.photoId = photoId;
        this.takenAt = takenAt;
        this.lat = lat;
        this.lon = lon;
        this.homeCell = cell;
    }

    public CellPhoto(String cell, boolean home, String homeCell, int haloCount, String photoId, long takenAt,
            double lat, double lon) {
        this(cell, home, photoId, takenAt, lat, lon);
        this.homeCell = homeCell;
        this.haloCount = haloCount;
    }

    @Override
    public String toString() {
        return (home ? "home" : "halo") + "(" + photoId + "@" + cell + ", t=" + takenAt + ", label=" + label + ")";
    }
}
