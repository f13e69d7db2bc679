package com.snapmap.chaos;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.TombstoneResolver;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks every acknowledged upload against what the system holds once it has settled: its photo
 * document complete and as uploaded, its bytes readable, its {@code eventId} resolving (through
 * tombstones) to a live event; the run's events grouping the photos as {@link ReferenceClusterer}
 * does; each event's {@code photoCount} its members; no {@code (eventId, version)} twice on the
 * change feed.
 */
public final class AcknowledgedCheck {

    /** Degrees: a stored position within about a centimetre of the uploaded one is the same. */
    static final double SAME_PLACE_DEG = 1e-7;

    /** One committed record of {@code event-updates}. */
    public record EventUpdate(String eventId, long version) {}

    private final LinkRule rule;

    public AcknowledgedCheck(LinkRule rule) {
        this.rule = rule;
    }

    /**
     * @param stored the run's photo documents by photoId: every acknowledged one found, the run's
     *     others (uploads never acknowledged), and any photo whose {@code eventId} names a run event
     * @param readable photoIds whose read URL served the bytes uploaded
     * @param events event documents and tombstones by id, at least those the stored photos' ids lead to
     * @param updates the committed {@code event-updates} records written during the run
     */
    public CheckResult check(List<Acknowledged> acknowledged, Map<String, PhotoDoc> stored, Set<String> readable,
                             Map<String, EventDoc> events, List<EventUpdate> updates) {
        List<String> missing = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> withoutEvent = new ArrayList<>();
        Set<String> ackIds = new HashSet<>();
        Map<String, Photo> truthInput = new LinkedHashMap<>();
        for (Acknowledged a : acknowledged) {
            ackIds.add(a.photoId());
            PlannedPhoto p = a.planned();
            truthInput.put(a.photoId(), new Photo(a.photoId(), p.takenAt().toEpochMilli(), p.lat(), p.lon()));
            PhotoDoc doc = stored.get(a.photoId());
            if (doc == null) {
                missing.add(a.photoId());
                continue;
            }
            if (!asUploaded(doc, p)) {
                incomplete.add(a.photoId());
            }
            if (!readable.contains(a.photoId())) {
                unreadable.add(a.photoId());
            }
            if (liveEventOf(doc, events) == null) {
                withoutEvent.add(a.photoId());
            }
        }
        int unacknowledged = 0;
        Map<String, String> actual = new HashMap<>();
        Map<String, Long> members = new TreeMap<>();
        for (PhotoDoc doc : stored.values()) {
            if (!ackIds.contains(doc.photoId()) && doc.isComplete()) {
                unacknowledged++;
                truthInput.putIfAbsent(doc.photoId(), new Photo(doc.photoId(), doc.takenAt().toEpochMilli(), doc.lat(), doc.lon()));
            }
            String event = liveEventOf(doc, events);
            if (event != null) {
                actual.put(doc.photoId(), event);
                members.merge(event, 1L, Long::sum);
            }
        }
        Map<String, String> reference = new HashMap<>(new ReferenceClusterer(rule).cluster(truthInput.values()).eventOfPhoto());
        reference.keySet().retainAll(actual.keySet());
        Map<String, String> comparable = new HashMap<>(actual);
        comparable.keySet().retainAll(reference.keySet());
        List<CheckResult.Miscount> miscounted = new ArrayList<>();
        members.forEach((id, n) -> {
            long count = events.get(id).photoCount;
            if (count != n) {
                miscounted.add(new CheckResult.Miscount(id, count, n));
            }
        });
        return new CheckResult(acknowledged.size(), unacknowledged, missing, incomplete, unreadable, withoutEvent,
                PartitionMetrics.differences(comparable, reference), miscounted, duplicates(updates), members.size());
    }

    private static boolean asUploaded(PhotoDoc doc, PlannedPhoto p) {
        return doc.isComplete() && doc.storageUrl() != null && doc.takenAt().equals(p.takenAt())
                && Math.abs(doc.lat() - p.lat()) <= SAME_PLACE_DEG && Math.abs(doc.lon() - p.lon()) <= SAME_PLACE_DEG;
    }

    /** The live event the photo's eventId leads to, or null (no eventId, or a chain ending nowhere). */
    private static String liveEventOf(PhotoDoc doc, Map<String, EventDoc> events) {
        if (doc.eventId() == null) {
            return null;
        }
        TombstoneResolver.Resolved<EventDoc> r = TombstoneResolver.resolve(doc.eventId(), events::get, d -> d.mergedInto);
        return r.document() == null ? null : r.eventId();
    }

    private static List<String> duplicates(List<EventUpdate> updates) {
        Map<EventUpdate, Integer> seen = new LinkedHashMap<>();
        updates.forEach(u -> seen.merge(u, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        seen.forEach((u, n) -> {
            if (n > 1) {
                out.add(u.eventId() + " v" + u.version() + " x" + n);
            }
        });
        return out;
    }
}
