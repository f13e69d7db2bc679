package com.snapmap.job.cold;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.ReferenceClusterer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Erasing photos one at a time, each re-forming only the event that counted it, ends in exactly
 * the reference clusterer's events on the photos that remain (docs/SEMANTICS.md, "Deleting a photo").
 */
class EventReformPropertyTest {

    private static final LinkRule RULE = LinkRule.defaults();
    private static final long T = 1_700_000_000_000L;

    @Property(tries = 200)
    void erasuresOneByOneEndInTheReferenceOnTheSurvivors(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 15) Integer> xs,
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 15) Integer> ts,
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 59) Integer> erased) {
        // A small grid (cells 30 m, steps 2 min) so chains, bridges and splits are common.
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < Math.min(xs.size(), ts.size()); i++) {
            photos.add(new Photo("p" + i, T + ts.get(i) * 120_000L, 45.76 + (xs.get(i) / 4) * 0.00027,
                    4.83 + (xs.get(i) % 4) * 0.00038));
        }
        ReferenceClusterer reference = new ReferenceClusterer(RULE);
        Map<String, Photo> alive = new HashMap<>();
        photos.forEach(p -> alive.put(p.photoId, p));
        Map<String, String> eventOf = new HashMap<>(reference.cluster(photos).eventOfPhoto());
        EventReform reform = new EventReform(RULE);
        for (int e : erased) {
            Photo gone = alive.remove("p" + e);
            if (gone == null) {
                continue;
            }
            String event = eventOf.remove(gone.photoId);
            Set<String> members = new TreeSet<>();
            eventOf.forEach((photo, ev) -> {
                if (ev.equals(event)) {
                    members.add(photo);
                }
            });
            List<Photo> remaining = members.stream().map(alive::get).toList();
            Set<String> counted = new TreeSet<>(members);
            counted.add(gone.photoId);
            EventReform.Plan plan = reform.plan(remaining, Map.of(event, counted));
            plan.parts().forEach(part -> part.photoIds().forEach(id -> eventOf.put(id, part.eventId())));
        }
        Clustering survivors = reference.cluster(alive.values());
        assertThat(eventOf).isEqualTo(survivors.eventOfPhoto());
    }
}
