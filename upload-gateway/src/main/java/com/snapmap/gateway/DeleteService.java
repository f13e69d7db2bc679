package com.snapmap.gateway;

import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.PhotoErasure;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases photos, in an order a crash can resume (docs/DELIVERY.md, "Deleting a photo"): the
 * erasure record, then the tombstone on {@code photo-uploads} (acknowledged by every in-sync
 * replica), then the Idempotency-Key responses that remember the photo, then the blob, then the
 * {@code photos} document last, so a photo whose erasure stopped half-way still has its document
 * and a repeated delete (or the next bulk delete) finishes it. The record comes before the
 * tombstone so that an upload which announces the photo after the tombstone finds the record
 * and erases again (see {@link UploadService}).
 */
public final class DeleteService {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteService.class);

    /** The ids the gateway hands out (UUID.toString): anything else names no photo it stored. */
    private static final Pattern PHOTO_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern KEY_HASH = Pattern.compile("[0-9a-f]{64}");
    public static final int DEFAULT_BATCH = 100;
    public static final int MAX_BATCH = 1000;
    /** Seconds a delete that met its own upload still in flight should wait: an upload takes about a second. */
    static final int IN_FLIGHT_RETRY_AFTER_S = 2;

    /**
     * Who asks: the key's hash, and whether it has the admin scope.
     *
     * @param keyHash the caller's key as {@link ApiKeys} holds it, what {@code photos.uploader} records
     */
    public record Caller(String keyHash, boolean admin) {}

    private final BlobStore blobs;
    private final PhotoRepository repository;
    private final UploadPublisher publisher;
    private final Clock clock;
    private final Metrics metrics;

    public DeleteService(BlobStore blobs, PhotoRepository repository, UploadPublisher publisher, Clock clock, Metrics metrics) {
        this.blobs = blobs;
        this.repository = repository;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Erases one photo, or finishes its erasure. Someone who may not delete it gets the answer for
     * a photo that does not exist; an upload of it still in flight is a 409 to retry.
     */
    public void delete(String photoId, Caller caller) {
        if (!PHOTO_ID.matcher(photoId).matches()) {
            throw new ApiError(400, "id", "'" + abbreviate(photoId) + "' is not a photo id (the UUID that POST /v1/photos answers)");
        }
        Optional<ErasureRecord> erased = repository.findErasure(photoId);
        // A document without place and time is one the job wrote alone: not a photo the gateway stored.
        Optional<OwnedPhoto> stored = repository.findOwnedPhoto(photoId)
                .filter(p -> p.photo().isComplete() || erased.isPresent());
        if (erased.isEmpty() && stored.isEmpty()) {
            Instant abandoned = clock.instant().minus(UploadService.IDEMPOTENCY_STALE_AFTER);
            Optional<String> inFlight = repository.uploadInFlight(photoId, abandoned);
            if (inFlight.isPresent() && (caller.admin() || inFlight.get().startsWith(caller.keyHash() + ":"))) {
                throw new ApiError(409, "id", "photo " + photoId + " is still being uploaded; retry once its upload is answered",
                        IN_FLIGHT_RETRY_AFTER_S);
            }
            throw ApiError.noSuchPhoto(photoId);
        }
        String uploader = erased.map(ErasureRecord::uploader).orElseGet(() -> stored.get().uploader());
        if (!caller.admin() && !caller.keyHash().equals(uploader)) {
            throw ApiError.noSuchPhoto(photoId);
        }
        erase(photoId, uploader, erased, stored);
    }

    /**
     * Erases up to {@code limit} photos of one uploader ({@code me}: the caller; another's key hash:
     * admin only). The answer says how many, and whether more are left for the next call.
     */
    public Map<String, Object> deleteUploads(String uploaderS, String limitS, Caller caller) {
        if (uploaderS == null || uploaderS.isBlank()) {
            throw new ApiError(400, "uploader", "required: me, or an uploader's key hash (admin scope)");
        }
        String uploader = uploaderS.equals("me") ? caller.keyHash() : uploaderS.trim().toLowerCase(java.util.Locale.ROOT);
        if (!KEY_HASH.matcher(uploader).matches()) {
            throw new ApiError(400, "uploader", "'" + abbreviate(uploaderS) + "' is neither me nor a 64-digit SHA-256 hex key hash");
        }
        if (!caller.admin() && !uploader.equals(caller.keyHash())) {
            throw new ApiError(403, "uploader", "only a key with the admin scope may delete another uploader's photos");
        }
        int limit = limit(limitS);
        List<OwnedPhoto> batch = repository.findPhotosOfUploader(uploader, limit + 1);
        int deleted = 0;
        for (OwnedPhoto p : batch.subList(0, Math.min(limit, batch.size()))) {
            String id = p.photo().photoId();
            erase(id, uploader, repository.findErasure(id), Optional.of(p));
            deleted++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deleted", deleted);
        out.put("more", batch.size() > limit);
        return out;
    }

    private void erase(String photoId, String uploader, Optional<ErasureRecord> erased, Optional<OwnedPhoto> stored) {
        ErasureRecord record = erased.orElseGet(() -> new ErasureRecord(photoId, uploader, clock.instant()));
        try {
            if (erased.isEmpty()) {
                repository.recordErasure(record);
            }
            PhotoDoc doc = stored.map(OwnedPhoto::photo).filter(PhotoDoc::isComplete).orElse(null);
            if (doc != null) {
                // Until the document goes, the tombstone may not have been acknowledged: send it (again).
                publisher.erase(erasureOf(doc, record.erasedAt()));
                repository.forgetIdempotentResponses(photoId);
            }
            blobs.delete(photoId);
            if (stored.isPresent()) {
                repository.deletePhoto(photoId);
            }
        } catch (StoreUnavailableException e) {
            metrics.failure(e.kind());
            LOG.warn("erasure of {} stopped, a repeated delete finishes it: {}", photoId, e.getMessage());
            throw new ApiError(503, null, e.kind() + " storage unavailable, the erasure is unfinished: retry the delete");
        }
        metrics.erased();
    }

    static PhotoErasure erasureOf(PhotoDoc p, Instant erasedAt) {
        return new PhotoErasure(p.photoId(), p.takenAt().toEpochMilli(), p.lat(), p.lon(), erasedAt.toEpochMilli());
    }

    private static int limit(String s) {
        if (s == null) {
            return DEFAULT_BATCH;
        }
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= 1 && v <= MAX_BATCH) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiError(400, "limit", "must be an integer in [1, " + MAX_BATCH + "]");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
