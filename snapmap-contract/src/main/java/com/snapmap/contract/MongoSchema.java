package com.snapmap.contract;

/**
 * Names shared by everything that reads or writes MongoDB (docs/ARCHITECTURE.md, "Data"): the gateway, the
 * streaming job, the sweeper and the app. One place, so the writers and readers cannot drift.
 *
 * <pre>
 * photos: {_id: photoId, location: {type: "Point", coordinates: [lon, lat]},
 *          cell: geohash(location, PHOTO_CELL_PRECISION), takenAt: Date, uploadedAt: Date,
 *          storageUrl, contentType, sizeBytes, sha256,
 *          eventId (absent until clustered), clusterLabel (the job's local cluster label),
          owner: "cold-path" once the cold path has assigned it ("sweeper": an earlier build's sweeper),
          uploader: SHA-256 hex of the API key that uploaded it (absent on photos stored before it was recorded),
          sweepClaim: {token, at: Date, sent} the sweeper's last re-drive lease,
          coldClaim: the survivor a cold-path change is about to count it in}
 * events: {_id: eventId, centroid: {type: "Point", coordinates: [lon, lat]},
 *          bbox: [west, south, east, north] (GeoJSON order; west > east crosses the antimeridian),
 *          radiusMeters, startAt: Date, endAt: Date, photoCount, version, status: "open"|"closed",
 *          updatedAt: Date, cell: geohash(centroid, EVENT_CELL_PRECISION), firstPhotoId,
 *          area: GeoJSON Polygon (convex hull of the members; absent while they are fewer than
 *          three or collinear), owner: "cold-path" once the cold path has changed it ("sweeper": an
 *          earlier build's sweeper), coldChange: {photos, losers} the cold path's last change,
 *          place: {name, region, countryCode} (the nearest populated place to the centroid; absent
 *          when there is none), placeKey: the place name's search key (absent with place)}
 * tombstone in events: {_id: oldEventId, mergedInto: survivorEventId, version, updatedAt}
 * idempotency: {_id: caller/key, fingerprint, createdAt: Date (TTL), photoId, response}
 *          (fingerprint and response removed when the photo is erased)
 * erasures: {_id: photoId, uploader (absent when unknown), erasedAt: Date}: a deleted photo, kept
 *          so that nothing brings it back (docs/DELIVERY.md, "Deleting a photo")
 * </pre>
 */
public final class MongoSchema {

    public static final String PHOTOS = "photos";
    public static final String EVENTS = "events";
    public static final String IDEMPOTENCY = "idempotency";
    /** One document per erased photo: what a repeat delete, a retried upload and the job consult. */
    public static final String ERASURES = "erasures";

    /** Geohash precision of photos.cell: ~153 m cells, the job's default linker cell. */
    public static final int PHOTO_CELL_PRECISION = 7;
    /** Geohash precision of events.cell: ~4.9 km cells, for "events near here" look-ups. */
    public static final int EVENT_CELL_PRECISION = 5;

    public static final String ID = "_id";
    public static final String LOCATION = "location";
    public static final String CELL = "cell";
    public static final String TAKEN_AT = "takenAt";
    public static final String UPLOADED_AT = "uploadedAt";
    public static final String STORAGE_URL = "storageUrl";
    public static final String CONTENT_TYPE = "contentType";
    public static final String SIZE_BYTES = "sizeBytes";
    public static final String SHA256 = "sha256";
    public static final String EVENT_ID = "eventId";
    public static final String CLUSTER_LABEL = "clusterLabel";
    /** photos and erasures: SHA-256 hex of the API key that uploaded the photo. */
    public static final String UPLOADER = "uploader";
    /** erasures: when the photo was first erased. */
    public static final String ERASED_AT = "erasedAt";
    /** idempotency: the photo the claiming request writes. */
    public static final String PHOTO_ID = "photoId";

    public static final String CENTROID = "centroid";
    public static final String BBOX = "bbox";
    public static final String RADIUS_METERS = "radiusMeters";
    public static final String START_AT = "startAt";
    public static final String END_AT = "endAt";
    public static final String PHOTO_COUNT = "photoCount";
    public static final String VERSION = "version";
    public static final String STATUS = "status";
    public static final String UPDATED_AT = "updatedAt";
    public static final String FIRST_PHOTO_ID = "firstPhotoId";
    public static final String MERGED_INTO = "mergedInto";
    public static final String AREA = "area";
    /** The nearest populated place to the centroid: {name, region, countryCode}; absent when there is none. */
    public static final String PLACE = "place";
    public static final String PLACE_NAME = "name";
    public static final String PLACE_REGION = "region";
    public static final String PLACE_COUNTRY = "countryCode";
    /** The place name's search key (PlaceKey): accents dropped, lower case; indexed for GET /v1/events?place=. */
    public static final String PLACE_KEY = "placeKey";
    /** Who last wrote a document when it was not the streaming job; absent for the job's writes. */
    public static final String OWNER = "owner";
    /** Events and photos the sweeper wrote in builds where it clustered; it writes neither now. */
    public static final String OWNER_SWEEPER = "sweeper";
    /** The job's cold path (late photos against closed events): the hot path never overwrites what it wrote. */
    public static final String OWNER_COLD_PATH = "cold-path";
    /**
     * The sweeper's lease on an orphan photo it re-drives: {@code {token, at, sent}}. Earlier builds'
     * sweeps also named the {@code event} that counted the photo.
     */
    public static final String SWEEP_CLAIM = "sweepClaim";
    /** On a photo: the survivor a cold-path change is about to count it in (the job's ColdPath). */
    public static final String COLD_CLAIM = "coldClaim";
    /** On an event the cold path wrote: its last change, {@code {photos: [ids], losers: [{_id, version}]}}. */
    public static final String COLD_CHANGE = "coldChange";
    /**
     * On an event an earlier build's sweep wrote and did not finish: the photos it counts and the
     * events it absorbs, as {@link #COLD_CHANGE}; the sweeper hands such a change to the cold path.
     */
    public static final String SWEEP_PENDING = "sweepPending";
    public static final String CREATED_AT = "createdAt";

    public static final String STATUS_OPEN = "open";
    public static final String STATUS_CLOSED = "closed";

    private MongoSchema() {}
}
