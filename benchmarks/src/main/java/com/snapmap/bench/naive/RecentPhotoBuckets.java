package com.snapmap.bench.naive;

import com.snapmap.core.geo.CellCover;
import com.snapmap.contract.MongoSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * How the naive worker's one query per photo is served fairly on the embedded MongoDB-wire server,
 * which scans a collection for any filter but {@code _id}: clustered photos are kept in one
 * document per (cell, W-long time bucket), so "photos within R and W" is an {@code _id} look-up of
 * the cells covering R and the buckets covering ±W, which is what an index on
 * {@code (cell, takenAt)} gives a real MongoDB.
 */
public final class RecentPhotoBuckets {

    private final CellCover cover;
    private final long bucketMillis;

    public RecentPhotoBuckets(double radiusMeters, long windowMillis) {
        this.cover = new CellCover(MongoSchema.PHOTO_CELL_PRECISION, radiusMeters);
        this.bucketMillis = Math.max(1, windowMillis);
    }

    /** The document a photo is filed under. */
    public String home(double lat, double lon, long takenAt) {
        return key(cover.homeCell(lat, lon), Math.floorDiv(takenAt, bucketMillis));
    }

    /** Every document that can hold a photo within R and W of this one. */
    public List<String> around(double lat, double lon, long takenAt) {
        long from = Math.floorDiv(takenAt - bucketMillis, bucketMillis);
        long to = Math.floorDiv(takenAt + bucketMillis, bucketMillis);
        List<String> keys = new ArrayList<>();
        for (String cell : cover.cover(lat, lon)) {
            for (long b = from; b <= to; b++) {
                keys.add(key(cell, b));
            }
        }
        return keys;
    }

    private static String key(String cell, long bucket) {
        return cell + "|" + bucket;
    }
}
