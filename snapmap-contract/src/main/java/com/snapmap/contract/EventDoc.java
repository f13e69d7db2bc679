package com.snapmap.contract;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.place.Gazetteer;
import com.snapmap.core.place.Place;
import com.snapmap.contract.MongoSchema;
import java.util.Arrays;
import java.util.Objects;

/**
 * An {@code events} document (docs/SEMANTICS.md, "The event document"): a live event or a tombstone {@code {_id,
 * mergedInto}}. Built from a summary here and nowhere else, so the hot and the cold path write equal
 * documents for equal members; {@link EventBson} and {@link EventJson} are its only encodings.
 *
 * <p>A POJO (public fields, no-arg constructor) so the job can carry it through Flink without Kryo.
 */
public class EventDoc {

    /** Field of a tombstone left by a split (docs/SEMANTICS.md, "Deleting a photo"). */
    public static final String SPLIT_INTO = "splitInto";

    public String eventId;
    /** Set on a tombstone only: the event this id was merged into. */
    public String mergedInto;
    /**
     * Set on a tombstone only, when the event split after a photo was erased: every part it became,
     * earliest first photo first ({@link #mergedInto} is the first of them); null otherwise.
     */
    public String[] splitInto;
    public double centroidLat;
    public double centroidLon;
    public double west;
    public double south;
    public double east;
    public double north;
    public double radiusMeters;
    public long startAt;
    public long endAt;
    public long photoCount;
    public long version;
    public String status;
    public long updatedAt;
    public String firstPhotoId;
    public String cell;
    /** The footprint (convex hull) as GeoJSON positions lon0, lat0, ...: a closed ring, a segment or a point. */
    public double[] area;
    /**
     * The nearest populated place to the centroid ({@link Gazetteer#geonames()}), null when there is
     * none: a function of the centroid alone, so it changes only when the centroid moves to another place.
     */
    public Place place;
    /** {@link MongoSchema#OWNER_SWEEPER} once the sweeper has written it; null for the job's writes. */
    public String owner;

    public EventDoc() {}

    /** A live event of the summary's members; its version follows {@link EventVersion}. */
    public static EventDoc event(String eventId, EventSummary s, boolean closed, long updatedAt) {
        EventDoc d = new EventDoc();
        d.fillEvent(eventId, s, closed, updatedAt);
        return d;
    }

    public static EventDoc tombstone(String eventId, String mergedInto, long version, long updatedAt) {
        EventDoc d = new EventDoc();
        d.fillTombstone(eventId, mergedInto, version, updatedAt);
        return d;
    }

    /** The tombstone of an event that split into {@code parts} (the first is the one it resolves to). */
    public static EventDoc split(String eventId, String[] parts, long version, long updatedAt) {
        EventDoc d = tombstone(eventId, parts[0], version, updatedAt);
        d.splitInto = parts.clone();
        return d;
    }

    protected final void fillEvent(String eventId, EventSummary s, boolean closed, long updatedAt) {
        fillEvent(eventId, s, closed, updatedAt, true);
    }

    /** As above; {@code named} false leaves {@link #place} null (the job's {@code events.place-lookup} off). */
    protected final void fillEvent(String eventId, EventSummary s, boolean closed, long updatedAt, boolean named) {
        this.eventId = eventId;
        this.centroidLat = s.centroidLat();
        this.centroidLon = s.centroidLon();
        double[] bbox = s.bbox();
        this.west = bbox[0];
        this.south = bbox[1];
        this.east = bbox[2];
        this.north = bbox[3];
        this.radiusMeters = s.radiusMeters();
        this.startAt = s.startAt;
        this.endAt = s.endAt;
        this.photoCount = s.count;
        this.version = EventVersion.of(s.count, closed);
        this.status = closed ? MongoSchema.STATUS_CLOSED : MongoSchema.STATUS_OPEN;
        this.updatedAt = updatedAt;
        this.firstPhotoId = s.firstPhotoId;
        this.cell = Geohash.encode(centroidLat, centroidLon, MongoSchema.EVENT_CELL_PRECISION);
        this.area = s.footprint();
        this.place = named ? Gazetteer.geonames().nearest(centroidLat, centroidLon) : null;
    }

    protected final void fillTombstone(String eventId, String mergedInto, long version, long updatedAt) {
        this.eventId = eventId;
        this.mergedInto = mergedInto;
        this.version = version;
        this.updatedAt = updatedAt;
    }

    public boolean isTombstone() {
        return mergedInto != null;
    }

    public boolean isClosed() {
        return MongoSchema.STATUS_CLOSED.equals(status);
    }

    public boolean ownedBySweeper() {
        return MongoSchema.OWNER_SWEEPER.equals(owner);
    }

    /** The members' summary again, for a writer that adds to a stored event (the cold path). */
    public EventSummary toSummary() {
        return EventSummary.restore(photoCount, centroidLat, centroidLon, west, south, east, north, startAt, endAt,
                firstPhotoId, area);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EventDoc)) {
            return false;
        }
        EventDoc d = (EventDoc) o;
        return Objects.equals(eventId, d.eventId) && Objects.equals(mergedInto, d.mergedInto)
                && Arrays.equals(splitInto, d.splitInto)
                && centroidLat == d.centroidLat && centroidLon == d.centroidLon && west == d.west && south == d.south
                && east == d.east && north == d.north && radiusMeters == d.radiusMeters && startAt == d.startAt
                && endAt == d.endAt && photoCount == d.photoCount && version == d.version
                && Objects.equals(status, d.status) && updatedAt == d.updatedAt
                && Objects.equals(firstPhotoId, d.firstPhotoId) && Objects.equals(cell, d.cell)
                && Arrays.equals(area, d.area) && Objects.equals(place, d.place) && Objects.equals(owner, d.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, mergedInto, photoCount, version, status, updatedAt);
    }

    @Override
    public String toString() {
        return isTombstone()
                ? "Tombstone(" + eventId + " -> " + mergedInto + (splitInto == null ? "" : " of " + Arrays.toString(splitInto))
                        + ", v" + version + ")"
                : "Event(" + eventId + ", n=" + photoCount + ", v" + version + ", " + status
                        + (owner == null ? "" : ", " + owner) + ")";
    }
}
