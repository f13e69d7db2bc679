package com.snapmap.core.cluster;

import com.snapmap.core.Photo;
import com.snapmap.core.geo.CellCover;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.geo.Haversine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline truth (docs/SEMANTICS.md): connected components of the link graph over a finite set of
 * photos, each named by {@link EventIds} after its first photo. Everything streamed is compared
 * with this.
 *
 * <p>Candidates come from a geohash grid (home cell plus the cells the R-circle touches) and a
 * binary search on time, so it runs on a city's worth of photos; the link itself is
 * {@link LinkRule#linked}.
 */
public final class ReferenceClusterer {

    private final LinkRule rule;

    public ReferenceClusterer(LinkRule rule) {
        this.rule = rule;
    }

    public Clustering cluster(Collection<Photo> input) {
        Map<String, Photo> byId = new HashMap<>();
        for (Photo p : input) {
            byId.putIfAbsent(p.photoId, p); // a photo delivered twice counts once
        }
        CellCover cover = new CellCover(precisionFor(rule.radiusMeters()), rule.radiusMeters());
        Map<String, List<Photo>> cells = new HashMap<>();
        for (Photo p : byId.values()) {
            cells.computeIfAbsent(cover.homeCell(p.lat, p.lon), c -> new ArrayList<>()).add(p);
        }
        Comparator<Photo> byTime = Comparator.comparingLong((Photo p) -> p.takenAt).thenComparing(p -> p.photoId);
        cells.values().forEach(l -> l.sort(byTime));

        UnionFind<String> uf = new UnionFind<>();
        for (Photo p : byId.values()) {
            uf.add(p.photoId);
            for (String cell : cover.cover(p.lat, p.lon)) {
                List<Photo> list = cells.get(cell);
                if (list == null) {
                    continue;
                }
                for (int i = firstAtOrAfter(list, p.takenAt - rule.windowMillis()); i < list.size(); i++) {
                    Photo q = list.get(i);
                    if (q.takenAt > p.takenAt + rule.windowMillis()) {
                        break;
                    }
                    if (rule.linked(p, q)) {
                        uf.union(p.photoId, q.photoId);
                    }
                }
            }
        }
        Map<String, EventSummary> byRoot = new HashMap<>();
        for (Photo p : byId.values()) {
            byRoot.computeIfAbsent(uf.find(p.photoId), r -> new EventSummary()).add(p);
        }
        Map<String, String> eventOfPhoto = new HashMap<>();
        Map<String, EventSummary> events = new HashMap<>();
        for (Map.Entry<String, EventSummary> e : byRoot.entrySet()) {
            events.put(e.getValue().eventId(), e.getValue());
        }
        for (Photo p : byId.values()) {
            eventOfPhoto.put(p.photoId, byRoot.get(uf.find(p.photoId)).eventId());
        }
        return new Clustering(eventOfPhoto, events);
    }

    /** Finest geohash precision whose cells are at least R tall, so few cells are scanned. */
    static int precisionFor(double radiusMeters) {
        int p = 1;
        for (int c = 1; c <= 9; c++) {
            double tallM = Geohash.cellLatDegrees(c) * Math.PI / 180 * Haversine.EARTH_RADIUS_M;
            if (tallM >= radiusMeters) {
                p = c;
            }
        }
        return p;
    }

    private static int firstAtOrAfter(List<Photo> list, long t) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).takenAt < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
