package com.snapmap.job.prod;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.snapmap.contract.Erasures;
import com.snapmap.contract.GuardedWrites;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.model.PhotoWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Photo writes as idempotent MongoDB updates: {@code $set} of absolute values, so the
 * at-least-once sink replaying a batch after a restore leaves the same documents. A photo the
 * cold path (or an earlier build's sweeper) assigned is left alone, and so is one an interrupted
 * sweep of an earlier build counted in an event it wrote ({@code sweepClaim.event}): the cold path
 * finishes that change (docs/DELIVERY.md, "Sweeper"), and the photo must end where it is counted. The single-photo write is an upsert: a replayed topic may carry
 * a photo whose document is gone, and the job creates {@code {_id, eventId, clusterLabel}}, which
 * every reader accepts (the contract's PhotoBson).
 *
 * <p>A batch is written as the state applying it in order would leave, in fewer writes: one
 * {@code updateMany} per relabelled label (its last relabel; the earlier ones are superseded), then
 * the batch's photos grouped by label and end event, one {@code updateMany} over each group's ids
 * (a crowd's flush is one write, not one per photo), under the same guard. A photo written before
 * its label's relabel in the batch ends at the relabel's event, as in order. An {@code updateMany}
 * cannot create a missing photo, so when the grouped writes matched fewer photos than they name (a
 * document gone, or a photo the guard keeps), they are made again one upsert each.
 *
 * <p>An erased photo is never written (docs/SEMANTICS.md, "Deleting a photo"): its writes are
 * dropped before the batch is applied, after one look-up of the batch's photos in {@code erasures}.
 * A replay reads an erased photo's upload before its tombstone, and its upsert would otherwise create
 * the document again, after the gateway deleted it and after the cold path applied the erasure.
 */
public class PhotoWriteModels implements MongoWrites<PhotoWrite> {

    private static final long serialVersionUID = 1L;

    @Override
    public WriteModel<Document> toWrite(PhotoWrite w) {
        if (w.kind == PhotoWrite.Kind.PHOTO) {
            return new UpdateOneModel<>(jobMayWrite(Filters.eq(MongoSchema.ID, w.photoId)),
                    Updates.combine(Updates.set(MongoSchema.EVENT_ID, w.eventId), Updates.set(MongoSchema.CLUSTER_LABEL, w.label)),
                    new UpdateOptions().upsert(true));
        }
        return new UpdateManyModel<>(jobMayWrite(Filters.eq(MongoSchema.CLUSTER_LABEL, w.label)),
                Updates.set(MongoSchema.EVENT_ID, w.eventId));
    }

    /** The sink's entry: the batch without the writes of erased photos, counted as refused by their condition. */
    @Override
    public Applied apply(MongoDatabase db, MongoCollection<Document> coll, List<PhotoWrite> batch) {
        Set<String> ids = new HashSet<>();
        batch.stream().filter(w -> w.kind == PhotoWrite.Kind.PHOTO).forEach(w -> ids.add(w.photoId));
        Set<String> erased = Erasures.erasedAmong(db, ids);
        if (erased.isEmpty()) {
            return apply(coll, batch);
        }
        List<PhotoWrite> kept = batch.stream().filter(w -> w.kind != PhotoWrite.Kind.PHOTO || !erased.contains(w.photoId)).toList();
        Applied applied = apply(coll, kept);
        return new Applied(applied.models(), applied.skipped() + batch.size() - kept.size());
    }

    @Override
    public Applied apply(MongoCollection<Document> coll, List<PhotoWrite> batch) {
        // What applying the batch in order leaves: each relabelled label at its last relabel's event,
        // each photo written at its last write's label, and at that label's last relabel's event when
        // the relabel came after the write, else at the write's own.
        Map<String, String> relabelTo = new LinkedHashMap<>(); // label -> event of its last relabel
        Map<String, Integer> relabelAt = new HashMap<>(); // label -> where its last relabel is
        Map<String, PhotoWrite> lastWrite = new LinkedHashMap<>(); // photoId -> its last write
        Map<String, Integer> writtenAt = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            PhotoWrite w = batch.get(i);
            if (w.kind == PhotoWrite.Kind.LABEL) {
                relabelTo.put(w.label, w.eventId);
                relabelAt.put(w.label, i);
            } else {
                lastWrite.remove(w.photoId);
                lastWrite.put(w.photoId, w);
                writtenAt.put(w.photoId, i);
            }
        }
        Map<String, Map<String, String>> groups = new LinkedHashMap<>(); // label NUL eventId -> photoId -> label
        for (PhotoWrite w : lastWrite.values()) {
            boolean relabelledAfter = relabelAt.getOrDefault(w.label, -1) > writtenAt.get(w.photoId);
            String eventId = relabelledAfter ? relabelTo.get(w.label) : w.eventId;
            groups.computeIfAbsent(w.label + '\u0000' + eventId, k -> new LinkedHashMap<>()).put(w.photoId, w.label);
        }
        // The relabels first: a photo written in the batch is then set by its group, which knows the end state.
        List<WriteModel<Document>> relabels = new ArrayList<>();
        relabelTo.forEach((label, eventId) -> relabels.add(toWrite(PhotoWrite.label(label, eventId))));
        int models = relabels.size();
        int skipped = GuardedWrites.applyInOrder(coll, relabels);
        List<WriteModel<Document>> grouped = new ArrayList<>();
        List<WriteModel<Document>> single = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            Map<String, String> photos = g.getValue();
            String label = photos.values().iterator().next();
            String eventId = g.getKey().substring(label.length() + 1);
            if (photos.size() == 1) {
                grouped.add(toWrite(PhotoWrite.photo(photos.keySet().iterator().next(), label, eventId)));
            } else {
                grouped.add(new UpdateManyModel<>(jobMayWrite(Filters.in(MongoSchema.ID, photos.keySet())),
                        Updates.combine(Updates.set(MongoSchema.EVENT_ID, eventId), Updates.set(MongoSchema.CLUSTER_LABEL, label))));
                photos.keySet().forEach(id -> single.add(toWrite(PhotoWrite.photo(id, label, eventId))));
            }
        }
        if (!grouped.isEmpty()) {
            models += grouped.size();
            MongoWrites.Unordered a = MongoWrites.applyUnordered(coll, grouped);
            skipped += a.refused();
            if (a.documents() < lastWrite.size()) {
                // a grouped photo was not matched: missing, or kept by its guard; one upsert each decides
                skipped += GuardedWrites.applyInOrder(coll, single);
                models += single.size();
            }
        }
        return new Applied(models, skipped);
    }

    private static Bson jobMayWrite(Bson photos) {
        return Filters.and(GuardedWrites.jobPhotoCondition(photos), Filters.exists(MongoSchema.SWEEP_CLAIM + ".event", false));
    }
}
