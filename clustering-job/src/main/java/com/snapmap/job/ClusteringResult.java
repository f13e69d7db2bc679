package com.snapmap.job;

import com.snapmap.contract.TombstoneResolver;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.PhotoWrite;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

/**
 * What MongoDB ends up holding after the job's writes are applied in order (per label for
 * photos, per event for documents): the same fold the sinks' idempotent updates perform, for the
 * file CLI and for tests that compare the stream with the reference clusterer.
 */
public final class ClusteringResult {

    private final Map<String, String> labelOfPhoto = new HashMap<>();
    private final Map<String, String> eventOfLabel = new HashMap<>();
    private final Map<String, EventDocument> documents = new HashMap<>();
    /** Every event id written for a label's photos, provisional ones included. */
    private final Map<String, Set<String>> idsWrittenForLabel = new HashMap<>();

    public void apply(PhotoWrite w) {
        if (w.kind == PhotoWrite.Kind.PHOTO) {
            labelOfPhoto.put(w.photoId, w.label);
        }
        eventOfLabel.put(w.label, w.eventId);
        idsWrittenForLabel.computeIfAbsent(w.label, l -> new HashSet<>()).add(w.eventId);
    }

    /** photoId → every event id ever written for it (or for its label), in any order. */
    public Map<String, Set<String>> idsEverWritten() {
        Map<String, Set<String>> out = new HashMap<>();
        labelOfPhoto.forEach((photo, label) -> out.put(photo, idsWrittenForLabel.get(label)));
        return out;
    }

    public void apply(EventDocument d) {
        EventDocument prev = documents.get(d.eventId);
        // The guard the MongoDB write applies: a tombstone is final (a merged-away id is never an
        // event again), and an older version never replaces a newer one (a region's and the border
        // merge's documents for one id reach the sink in no particular order).
        if (prev == null || !prev.isTombstone() && (d.isTombstone() || prev.version <= d.version)) {
            documents.put(d.eventId, d);
        }
    }

    /** photoId → eventId, as {@code photos.eventId} reads after all writes. */
    public Map<String, String> eventOfPhoto() {
        Map<String, String> out = new HashMap<>();
        labelOfPhoto.forEach((photo, label) -> out.put(photo, eventOfLabel.get(label)));
        return out;
    }

    /** Live (not merged-away) event documents by id. */
    public Map<String, EventDocument> events() {
        Map<String, EventDocument> out = new HashMap<>();
        documents.forEach((id, d) -> {
            if (!d.isTombstone()) {
                out.put(id, d);
            }
        });
        return out;
    }

    /** Tombstones: merged-away id → the id it was merged into. */
    public Map<String, String> tombstones() {
        Map<String, String> out = new HashMap<>();
        documents.forEach((id, d) -> {
            if (d.isTombstone()) {
                out.put(id, d.mergedInto);
            }
        });
        return out;
    }

    /** Follows tombstones to the live event an id now stands for, as readers of MongoDB do. */
    public String resolve(String eventId) {
        return TombstoneResolver.resolve(eventId, documents::get, d -> d.isTombstone() ? d.mergedInto : null).eventId();
    }
}
