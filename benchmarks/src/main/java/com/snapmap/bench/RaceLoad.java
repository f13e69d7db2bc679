package com.snapmap.bench;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.ReferenceClusterer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A load of the race: photos in their arrival order, their own times shifted so that the newest
 * was taken a second before {@code nowMillis}, and the partition the offline reference clusterer
 * gives them, which both sides are scored against.
 */
public record RaceLoad(String name, List<Photo> arrivals, Map<String, String> truth) {

    public static RaceLoad of(String name, Load load, long nowMillis, LinkRule rule) {
        long newest = load.arrivals.stream().mapToLong(p -> p.takenAt).max().orElse(nowMillis);
        long shift = nowMillis - 1_000 - newest;
        List<Photo> shifted = new ArrayList<>(load.arrivals.size());
        for (Photo p : load.arrivals) {
            shifted.add(new Photo(p.photoId, p.takenAt + shift, p.lat, p.lon));
        }
        Map<String, Photo> distinct = new LinkedHashMap<>();
        shifted.forEach(p -> distinct.putIfAbsent(p.photoId, p));
        return new RaceLoad(name, List.copyOf(shifted),
                new ReferenceClusterer(rule).cluster(new ArrayList<>(distinct.values())).eventOfPhoto());
    }

    /** Events of the reference partition. */
    public long events() {
        return truth.values().stream().distinct().count();
    }

    /** Distinct photos: what the observer waits for. */
    public long photos() {
        return truth.size();
    }
}
