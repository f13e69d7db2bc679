package com.snapmap.bench.naive;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.geo.Haversine;
import java.util.Collection;

/**
 * The seed's rule, as its literal worker applies it to one photo: among the clustered photos within
 * R and W, join the event of the nearest one; with none, create an event named after this photo.
 * It never merges two events, so its answer depends on arrival order.
 */
public final class JoinOrCreate {

    private final LinkRule rule;

    public JoinOrCreate(LinkRule rule) {
        this.rule = rule;
    }

    /** The event {@code p} joins, or a new id when it links nothing. */
    public String eventFor(Photo p, Collection<ClusteredPhoto> candidates) {
        String best = null;
        double bestMeters = Double.POSITIVE_INFINITY;
        for (ClusteredPhoto q : candidates) {
            if (Math.abs(q.takenAt - p.takenAt) > rule.windowMillis()) {
                continue;
            }
            double d = Haversine.distanceMeters(p.lat, p.lon, q.lat, q.lon);
            // ties go to the smaller event id, so a replay answers the same
            if (d <= rule.radiusMeters() && (d < bestMeters || d == bestMeters && q.eventId.compareTo(best) < 0)) {
                best = q.eventId;
                bestMeters = d;
            }
        }
        return best != null ? best : EventIds.forFirstPhoto(p.photoId);
    }
}
