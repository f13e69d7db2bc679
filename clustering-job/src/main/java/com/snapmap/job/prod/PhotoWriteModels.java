package com.snapmap.job.prod;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
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
 * sweeper assigned is left alone, and so is one a sweep has claimed for an event it counts it in
 * ({@code sweepClaim.event}): the sweep points it there next, and the photo must end where it is
 * counted. The single-photo write is an upsert: a replayed topic may carry
 * a photo whose document is gone, and the job creates {@code {_id, eventId, clusterLabel}}, which
 * every reader accepts (the contract's PhotoBson).
 *
 * <p>A batch's photos of one label and event are one {@code updateMany} over their ids (a crowd's
 * flush is one write, not one per photo), under the same guard. Only photo writes that come before
 * any relabel of their label in the batch are grouped: they commute with everything else in it
 * (other photos, other labels), so they go first, and the rest follow in arrival order. An
 * {@code updateMany} cannot create a missing photo, so when the grouped writes matched fewer photos
 * than they name (a document gone, or a photo the guard keeps), they are made again one upsert
 * each, as before.
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
        Map<String, Map<String, String>> groups = new LinkedHashMap<>(); // label NUL eventId -> photoId -> label
        Map<String, String> groupOf = new LinkedHashMap<>(); // photoId -> its group, while grouped
        List<PhotoWrite> rest = new ArrayList<>();
        Set<String> relabelled = new HashSet<>();
        for (PhotoWrite w : batch) {
            if (w.kind == PhotoWrite.Kind.LABEL) {
                relabelled.add(w.label);
                rest.add(w);
            } else if (relabelled.contains(w.label)) {
                rest.add(w);
            } else {
                String g = w.label + '\u0000' + w.eventId;
                String was = groupOf.put(w.photoId, g);
                if (was != null) {
                    groups.get(was).remove(w.photoId); // written again in the batch: the later write wins
                }
                groups.computeIfAbsent(g, k -> new LinkedHashMap<>()).put(w.photoId, w.label);
            }
        }
        List<WriteModel<Document>> first = new ArrayList<>();
        List<WriteModel<Document>> single = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            Map<String, String> photos = g.getValue();
            if (photos.isEmpty()) {
                continue;
            }
            String label = photos.values().iterator().next();
            String eventId = g.getKey().substring(label.length() + 1);
            if (photos.size() == 1) {
                first.add(toWrite(PhotoWrite.photo(photos.keySet().iterator().next(), label, eventId)));
            } else {
                first.add(new UpdateManyModel<>(jobMayWrite(Filters.in(MongoSchema.ID, photos.keySet())),
                        Updates.combine(Updates.set(MongoSchema.EVENT_ID, eventId), Updates.set(MongoSchema.CLUSTER_LABEL, label))));
                photos.keySet().forEach(id -> single.add(toWrite(PhotoWrite.photo(id, label, eventId))));
            }
        }
        int models = first.size();
        int skipped = 0;
        if (!first.isEmpty()) {
            Accounted a = applyUnordered(coll, first);
            skipped += a.skipped;
            if (a.photos < groupOf.size()) {
                // a grouped photo was not matched: missing, or kept by its guard; one upsert each decides
                skipped += GuardedWrites.applyInOrder(coll, single);
                models += single.size();
            }
        }
        if (!rest.isEmpty()) {
            skipped += GuardedWrites.applyInOrder(coll, rest.stream().map(this::toWrite).toList());
            models += rest.size();
        }
        return new Applied(models, skipped);
    }

    /** Photos matched, created or refused by their condition, and how many models were refused. */
    private record Accounted(long photos, int skipped) {}

    /** Writes of distinct photos, in any order; a model refused as condition false still accounts for its photo. */
    private static Accounted applyUnordered(MongoCollection<Document> coll, List<WriteModel<Document>> models) {
        try {
            BulkWriteResult r = coll.bulkWrite(models, new BulkWriteOptions().ordered(false));
            return new Accounted(r.getMatchedCount() + (long) r.getUpserts().size(), 0);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().isEmpty() || !e.getWriteErrors().stream().allMatch(GuardedWrites::isConditionFalse)) {
                throw e;
            }
            BulkWriteResult r = e.getWriteResult();
            int refused = e.getWriteErrors().size();
            return new Accounted(r.getMatchedCount() + (long) r.getUpserts().size() + refused, refused);
        }
    }

    private static Bson jobMayWrite(Bson photos) {
        return Filters.and(GuardedWrites.jobPhotoCondition(photos), Filters.exists(MongoSchema.SWEEP_CLAIM + ".event", false));
    }
}
