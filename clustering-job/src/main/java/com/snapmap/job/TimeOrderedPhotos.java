package com.snapmap.job;

import com.snapmap.job.model.CellPhoto;
import java.util.Arrays;
import java.util.List;

/**
 * The photos of one sub-cell group of a {@link LinkIndex}, sorted by takenAt (ties in insertion
 * order) in two parallel arrays. Photos mostly arrive in time order and always leave oldest first,
 * so an insertion is usually an append and an eviction a move of the start: no tree nodes, no
 * boxed times. A late photo is inserted by binary search and shifts the newer ones.
 */
final class TimeOrderedPhotos {

    private long[] times = new long[4];
    private CellPhoto[] photos = new CellPhoto[4];
    private int from;
    private int to;

    boolean isEmpty() {
        return from == to;
    }

    int size() {
        return to - from;
    }

    void add(CellPhoto p) {
        int at = upperBound(p.takenAt);
        if (to == times.length) {
            makeRoom();
            at = upperBound(p.takenAt);
        }
        if (at < to) {
            System.arraycopy(times, at, times, at + 1, to - at);
            System.arraycopy(photos, at, photos, at + 1, to - at);
        }
        times[at] = p.takenAt;
        photos[at] = p;
        to++;
    }

    /** Moves every photo taken at or before {@code takenAt} to {@code out}; returns how many. */
    int evictUpTo(long takenAt, List<CellPhoto> out) {
        int n = 0;
        while (from < to && times[from] <= takenAt) {
            out.add(photos[from]);
            photos[from++] = null;
            n++;
        }
        if (from == to) {
            from = 0;
            to = 0;
        }
        return n;
    }

    /**
     * Index of the first photo taken after {@code t} ({@link #end()} if none). Searched from the
     * newest end, in steps that double, then by halves: most photos arrive about in time order, so
     * the answer is usually the end or next to it (a plain binary search over a crowded sub-cell
     * was a sixth of the linker's time).
     */
    int upperBound(long t) {
        int hi = to;
        int step = 1;
        while (hi > from && times[hi - 1] > t) {
            int next = hi - step;
            if (next <= from || times[next - 1] <= t) {
                return search(Math.max(from, next), hi - 1, t);
            }
            hi = next;
            step <<= 1;
        }
        return hi;
    }

    /** Binary search in {@code [lo, hi)}, where the first photo after {@code t} lies (or at {@code hi}). */
    private int search(int lo, int hi, long t) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    int start() {
        return from;
    }

    int end() {
        return to;
    }

    long time(int i) {
        return times[i];
    }

    CellPhoto photo(int i) {
        return photos[i];
    }

    /** Compacts to the array's start, and doubles the arrays when more than half is in use. */
    private void makeRoom() {
        int n = to - from;
        if (n * 2 > times.length) {
            times = Arrays.copyOf(times, times.length * 2);
            photos = Arrays.copyOf(photos, photos.length * 2);
        }
        if (from > 0) {
            System.arraycopy(times, from, times, 0, n);
            System.arraycopy(photos, from, photos, 0, n);
            Arrays.fill(photos, n, to, null);
            from = 0;
            to = n;
        }
    }
}
