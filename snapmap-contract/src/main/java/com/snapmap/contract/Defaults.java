package com.snapmap.contract;

import com.snapmap.contract.MongoSchema;

/**
 * Default settings that more than one service must agree on, defined once. Each service exposes
 * them as its own flags with these defaults; docs/SEMANTICS.md and docs/DELIVERY.md ("Sweeper") give their meaning.
 */
public final class Defaults {

    public static final String DATABASE = "snapmap";
    /** Link radius R. */
    public static final double RADIUS_M = 50;
    /** Link window W. */
    public static final long WINDOW_S = 300;
    /** The job's allowed lateness: later photos go to its cold path. */
    public static final long LATENESS_S = 3600;
    /** The job's watermark bound on out-of-order takenAt. */
    public static final long OUT_OF_ORDERNESS_S = 60;
    /**
     * Geohash precision of the job's regions, the keys its linker and registry are sharded by
     * (6: about 1.2 x 0.6 km). Coarser regions mean fewer halo copies and border events per
     * photo; finer ones more keys to spread a small area over. Not the precision of photos.cell
     * ({@link MongoSchema#PHOTO_CELL_PRECISION}), which is part of the stored documents.
     */
    public static final int REGION_PRECISION = 6;
    /** How long after upload (or its last re-drive) the sweeper leaves a photo without eventId alone. */
    public static final long SWEEPER_GRACE_S = 600;
    /**
     * The clustering job's Kafka consumer group on {@code photo-uploads}: its offsets are committed
     * on completed checkpoints, so they say how far the job's writes are durable (the chaos suite
     * waits on them).
     */
    public static final String JOB_GROUP_ID = "snapmap-clustering";
    /** How long the gateway remembers an Idempotency-Key (TTL of the idempotency collection). */
    public static final long IDEMPOTENCY_TTL_S = 24 * 3600;

    private Defaults() {}
}
