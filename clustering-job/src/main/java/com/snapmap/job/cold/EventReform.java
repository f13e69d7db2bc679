package com.snapmap.job.cold;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.ReferenceClusterer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An event re-formed after a photo's erasure (docs/SEMANTICS.md, "Deleting a photo"): the rule
 * applied again to the photos that remain, as if the erased one had never been taken. Removing a
 * photo never adds a link, so the parts are the components of the remaining members alone; each is
 * named by the first-photo rule, and every old id that names none of them resolves to the parts
 * that hold its photos. Plain logic: {@link ColdErasure} reads and writes MongoDB around it.
 */
public final class EventReform {

    /** One event after the erasure: its id (first-photo rule), members' summary and photo ids. */
    public record Part(String eventId, EventSummary summary, List<String> photoIds) {}

    /**
     * The parts, earliest first photo first, and for each old id that names no part, the parts
     * holding its photos (earliest first; the first is the one it resolves to), or none when every
     * photo of it was erased.
     */
    public record Plan(List<Part> parts, Map<String, List<String>> retired) {}

    private static final Comparator<Part> BY_FIRST_PHOTO = (a, b) -> Photo.compareByTimeThenId(
            a.summary.firstTakenAt, a.summary.firstPhotoId, b.summary.firstTakenAt, b.summary.firstPhotoId);

    private final ReferenceClusterer reference;

    public EventReform(LinkRule rule) {
        this.reference = new ReferenceClusterer(rule);
    }

    /**
     * @param remaining every photo still counted in the old events (the erased one left out)
     * @param oldEvents each old live event id with the photo ids it counts now (erased ones may be among them)
     */
    public Plan plan(Collection<Photo> remaining, Map<String, ? extends Collection<String>> oldEvents) {
        Clustering c = reference.cluster(remaining);
        Map<String, List<String>> photosOf = new TreeMap<>();
        c.eventOfPhoto().forEach((photo, event) -> photosOf.computeIfAbsent(event, k -> new ArrayList<>()).add(photo));
        List<Part> parts = new ArrayList<>();
        photosOf.forEach((id, photos) -> {
            photos.sort(null);
            parts.add(new Part(id, c.events().get(id), List.copyOf(photos)));
        });
        parts.sort(BY_FIRST_PHOTO);
        Set<String> partIds = c.events().keySet();
        Map<String, List<String>> retired = new TreeMap<>();
        oldEvents.forEach((old, photos) -> {
            if (partIds.contains(old)) {
                return;
            }
            Set<String> holding = new HashSet<>();
            photos.forEach(id -> holding.add(c.eventOf(id))); // null for an erased photo
            retired.put(old, parts.stream().map(Part::eventId).filter(holding::contains).toList());
        });
        return new Plan(List.copyOf(parts), retired);
    }
}
