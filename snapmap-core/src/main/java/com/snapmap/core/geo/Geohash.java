package com.snapmap.core.geo;

/**
 * Geohash cells addressed by integer grid indices, so that neighbours and covers are index
 * arithmetic (longitude wraps at the antimeridian, latitude stops at the poles).
 */
public final class Geohash {

    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();
    public static final int MAX_PRECISION = 12;

    private Geohash() {}

    public static int lonBits(int precision) {
        return (5 * precision + 1) / 2;
    }

    public static int latBits(int precision) {
        return (5 * precision) / 2;
    }

    /** Cell height in degrees of latitude. */
    public static double cellLatDegrees(int precision) {
        return 180.0 / (1L << latBits(precision));
    }

    /** Cell width in degrees of longitude. */
    public static double cellLonDegrees(int precision) {
        return 360.0 / (1L << lonBits(precision));
    }

    public static String encode(double lat, double lon, int precision) {
        checkPrecision(precision);
        return fromIndices(latIndex(lat, precision), lonIndex(lon, precision), precision);
    }

    static long latIndex(double lat, int precision) {
        long n = 1L << latBits(precision);
        long i = (long) Math.floor((lat + 90.0) / 180.0 * n);
        return Math.max(0, Math.min(n - 1, i));
    }

    static long lonIndex(double lon, int precision) {
        long n = 1L << lonBits(precision);
        long i = (long) Math.floor((lon + 180.0) / 360.0 * n);
        return Math.floorMod(i, n); // lon = 180 is the same meridian as -180
    }

    /** Builds the geohash of grid cell (latIdx, lonIdx); lonIdx wraps around the antimeridian. */
    static String fromIndices(long latIdx, long lonIdx, int precision) {
        int lonBits = lonBits(precision);
        int latBits = latBits(precision);
        lonIdx = Math.floorMod(lonIdx, 1L << lonBits);
        char[] out = new char[precision];
        int lonPos = lonBits - 1;
        int latPos = latBits - 1;
        boolean lonTurn = true; // geohash interleaves starting with a longitude bit
        for (int c = 0; c < precision; c++) {
            int v = 0;
            for (int b = 0; b < 5; b++) {
                int bit;
                if (lonTurn) {
                    bit = (int) ((lonIdx >>> lonPos--) & 1);
                } else {
                    bit = (int) ((latIdx >>> latPos--) & 1);
                }
                v = (v << 1) | bit;
                lonTurn = !lonTurn;
            }
            out[c] = BASE32[v];
        }
        return new String(out);
    }

    /** Bounding box {minLat, maxLat, minLon, maxLon} of a geohash. */
    public static double[] bbox(String hash) {
        int precision = hash.length();
        checkPrecision(precision);
        long latIdx = 0;
        long lonIdx = 0;
        boolean lonTurn = true;
        for (int c = 0; c < precision; c++) {
            int v = decodeChar(hash.charAt(c));
            for (int b = 4; b >= 0; b--) {
                int bit = (v >>> b) & 1;
                if (lonTurn) {
                    lonIdx = (lonIdx << 1) | bit;
                } else {
                    latIdx = (latIdx << 1) | bit;
                }
                lonTurn = !lonTurn;
            }
        }
        double dLat = cellLatDegrees(precision);
        double dLon = cellLonDegrees(precision);
        double minLat = -90.0 + latIdx * dLat;
        double minLon = -180.0 + lonIdx * dLon;
        return new double[] {minLat, minLat + dLat, minLon, minLon + dLon};
    }

    /**
     * The up to eight neighbours of a cell, in the order N, NE, E, SE, S, SW, W, NW. Longitude
     * wraps at the antimeridian; a cell on the pole has no neighbours beyond it.
     */
    public static java.util.List<String> neighbours(String hash) {
        int precision = hash.length();
        double[] box = bbox(hash);
        long latIdx = latIndex((box[0] + box[1]) / 2, precision);
        long lonIdx = lonIndex((box[2] + box[3]) / 2, precision);
        long latCells = 1L << latBits(precision);
        int[][] steps = {{1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
        java.util.List<String> out = new java.util.ArrayList<>(8);
        for (int[] s : steps) {
            long la = latIdx + s[0];
            if (la < 0 || la >= latCells) {
                continue;
            }
            String n = fromIndices(la, lonIdx + s[1], precision);
            if (!n.equals(hash) && !out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private static int decodeChar(char ch) {
        for (int i = 0; i < BASE32.length; i++) {
            if (BASE32[i] == ch) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a geohash character: '" + ch + "'");
    }

    private static void checkPrecision(int precision) {
        if (precision < 1 || precision > MAX_PRECISION) {
            throw new IllegalArgumentException(
                    "geohash precision must be in 1.." + MAX_PRECISION + ", got " + precision);
        }
    }
}
