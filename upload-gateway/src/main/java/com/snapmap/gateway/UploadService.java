package com.snapmap.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.core.wire.UploadEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an upload ({@link UploadValidation} checks it) and writes it in order: blob, then the {@code photos} document, then the
 * Kafka announcement. Blob or MongoDB failure: 503 and nothing left behind (the blob is deleted
 * when MongoDB fails, unless the photo reads back: then the insert was applied and only its reply
 * lost, and the upload goes on). Kafka failure: the photo stays stored without eventId for the sweeper, the
 * failure is counted, and the upload still succeeds. A photo erased while its upload is in flight,
 * or before a retry with its Idempotency-Key, is answered 410 and never announced after its
 * tombstone ({@link DeleteService}).
 */
public final class UploadService {

    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);

    /** An unfinished Idempotency-Key claim older than this is abandoned and may be taken over. */
    static final java.time.Duration IDEMPOTENCY_STALE_AFTER = java.time.Duration.ofMinutes(2);

    /** The result to send: HTTP status and JSON body. */
    public record Result(int status, String json) {}

    private final GatewayConfig config;
    private final BlobStore blobs;
    private final PhotoRepository repository;
    private final UploadPublisher publisher;
    private final Clock clock;
    private final Metrics metrics;
    private final ObjectMapper mapper;
    private final UploadValidation validation;

    public UploadService(GatewayConfig config, BlobStore blobs, PhotoRepository repository,
            UploadPublisher publisher, Clock clock, Metrics metrics, ObjectMapper mapper) {
        this.config = config;
        this.blobs = blobs;
        this.repository = repository;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
        this.mapper = mapper;
        this.validation = new UploadValidation(config);
    }

    public Result upload(UploadRequest req) {
        String key = req.idempotencyKey();
        String fingerprint = null;
        if (key != null) {
            if (key.isBlank() || key.length() > 200) {
                throw new ApiError(400, "Idempotency-Key", "must be 1..200 characters");
            }
            key = req.caller() + ":" + key; // one client cannot replay another's response
            fingerprint = fingerprint(req);
            Optional<Result> earlier = answered(key, fingerprint, repository.findIdempotencyClaim(key));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Instant now = clock.instant();
        UploadValidation.Valid v = validation.validate(req, now);
        if (key != null) {
            Optional<Result> first = claim(key, fingerprint, v, now);
            if (first.isPresent()) {
                return first.get();
            }
        }
        try {
            String json = store(v, req.caller(), now);
            if (key != null) {
                complete(key, v.photoId, json);
            }
            return new Result(201, json);
        } catch (RuntimeException e) {
            if (key != null && !(e instanceof ApiError a && a.status() == 410)) {
                repository.releaseIdempotencyKey(key); // an erased photo's claim stays: a retry learns it is gone
            }
            throw e;
        }
    }

    private static ApiError gone(String photoId) {
        return new ApiError(410, "Idempotency-Key", "photo " + photoId + " of this upload was deleted");
    }

    /**
     * Empty when this request now holds the key (a stale claim whose photo was never stored is
     * taken over, keeping its photoId); else the answer the key already has.
     */
    private Optional<Result> claim(String key, String fingerprint, UploadValidation.Valid v, Instant now) {
        try {
            if (repository.claimIdempotencyKey(key, fingerprint, v.photoId, now)) {
                return Optional.empty();
            }
            Optional<IdempotencyClaim> held = repository.findIdempotencyClaim(key);
            Optional<Result> answer = answered(key, fingerprint, held);
            if (answer.isPresent()) {
                return answer;
            }
            IdempotencyClaim c = held.orElse(null);
            if (c != null && c.createdAt().isBefore(now.minus(IDEMPOTENCY_STALE_AFTER))) {
                String photoId = c.photoId() != null ? c.photoId() : v.photoId; // overwrites a blob it may have left
                if (repository.takeOverIdempotencyKey(key, c.createdAt(), fingerprint, photoId, now)) {
                    v.photoId = photoId;
                    return Optional.empty();
                }
            }
        } catch (StoreUnavailableException e) {
            throw unavailable(e);
        }
        throw new ApiError(409, "Idempotency-Key", "a request with this key is in progress, retry later");
    }

    /**
     * The answer a held key already has: the response recorded for it, or, when its request stored
     * the photo and died before answering, that photo (the key is then completed with it).
     */
    private Optional<Result> answered(String key, String fingerprint, Optional<IdempotencyClaim> held) {
        if (held.isEmpty()) {
            return Optional.empty();
        }
        IdempotencyClaim c = held.get();
        if (c.photoId() != null && repository.findErasure(c.photoId()).isPresent()) {
            throw gone(c.photoId());
        }
        if (c.fingerprint() != null && !c.fingerprint().equals(fingerprint)) {
            throw new ApiError(422, "Idempotency-Key", "already used for a different request");
        }
        if (c.json() != null) {
            return Optional.of(new Result(201, c.json()));
        }
        if (c.photoId() == null) {
            return Optional.empty();
        }
        Optional<PhotoDoc> stored = repository.findPhoto(c.photoId())
                .filter(p -> p.storageUrl() != null && p.takenAt() != null && p.lat() != null && p.lon() != null);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        PhotoDoc p = stored.get();
        String json = responseJson(p.photoId(), p.storageUrl(), p.takenAt(), p.lat(), p.lon());
        LOG.info("Idempotency-Key answered with photo {}, stored by a request that did not finish", p.photoId());
        complete(key, p.photoId(), json);
        return Optional.of(new Result(201, json));
    }

    private void complete(String key, String photoId, String json) {
        try {
            repository.completeIdempotencyKey(key, photoId, json);
        } catch (StoreUnavailableException e) {
            metrics.failure(e.kind());
            LOG.warn("idempotency record for {} not stored: {}", photoId, e.getMessage());
        }
    }

    /** SHA-256 over the image and the client's fields: what makes two requests "the same". */
    private static String fingerprint(UploadRequest req) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(req.image() == null ? new byte[0] : req.image());
            for (String f : new String[] {req.takenAt(), req.lat(), req.lon()}) {
                md.update((byte) 0);
                if (f != null) {
                    md.update(f.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes blob, document, Kafka record; returns the response JSON. */
    private String store(UploadValidation.Valid v, String uploader, Instant now) {
        byte[] image = v.image;
        String sha256 = HexFormat.of().formatHex(ApiKeys.sha256(image));
        String storageUrl = write(v.photoId, uploader, image, v.contentType, new PhotoDoc(
                v.photoId, v.takenAt, v.lat, v.lon, now, null, v.contentType, (long) image.length, sha256, null, null, null));
        metrics.uploaded(image.length);
        if (repository.findErasure(v.photoId).isPresent()) {
            throw gone(v.photoId); // deleted as soon as stored: the delete removes what was written
        }

        UploadEvent event = new UploadEvent(v.photoId, v.takenAt.toEpochMilli(), v.lat, v.lon, storageUrl);
        event.uploadedAt = now.toEpochMilli();
        event.contentType = v.contentType;
        event.sizeBytes = image.length;
        event.sha256 = sha256;
        try {
            publisher.publish(event);
        } catch (StoreUnavailableException e) {
            metrics.failure(e.kind());
            LOG.warn("photo {} stored but not announced; the sweeper will pick it up: {}", v.photoId, e.getMessage());
        }
        Optional<ErasureRecord> erased = repository.findErasure(v.photoId);
        if (erased.isPresent()) {
            // Deleted while being announced: the announcement may follow the delete's tombstone, so erase again after it.
            eraseAgain(new PhotoDoc(v.photoId, v.takenAt, v.lat, v.lon, now, storageUrl, v.contentType, (long) image.length,
                    sha256, null, null, null), erased.get());
            throw gone(v.photoId);
        }
        return responseJson(v.photoId, storageUrl, v.takenAt, v.lat, v.lon);
    }

    private void eraseAgain(PhotoDoc photo, ErasureRecord erasure) {
        try {
            publisher.erase(DeleteService.erasureOf(photo, erasure.erasedAt()));
        } catch (StoreUnavailableException e) {
            metrics.failure(e.kind());
            LOG.error("photo {} was deleted during its upload and its second tombstone failed: {}", photo.photoId(), e.getMessage());
        }
    }

    private String write(String photoId, String uploader, byte[] image, String contentType, PhotoDoc draft) {
        String storageUrl;
        try {
            storageUrl = blobs.put(photoId, image, contentType);
        } catch (StoreUnavailableException e) {
            throw unavailable(e);
        }
        try {
            repository.insert(new PhotoDoc(draft.photoId(), draft.takenAt(), draft.lat(), draft.lon(),
                    draft.uploadedAt(), storageUrl, draft.contentType(), draft.sizeBytes(), draft.sha256(), null, null, null),
                    uploader);
        } catch (StoreUnavailableException e) {
            if (e.maybeApplied() && insertedAfterAll(photoId)) {
                // Applied, only its reply lost: the photo is stored. Answering 503 would leave a
                // document without bytes that a retry stores again as a second photo.
                metrics.failure(e.kind());
                return storageUrl;
            }
            try {
                blobs.delete(photoId);
            } catch (StoreUnavailableException cleanup) {
                metrics.failure(cleanup.kind());
                LOG.error("orphan blob {} left after MongoDB failure: {}", photoId, cleanup.getMessage());
            }
            throw unavailable(e);
        }
        return storageUrl;
    }

    /** Whether a photo document exists after a failed insert; false when MongoDB cannot say. */
    private boolean insertedAfterAll(String photoId) {
        try {
            return repository.findPhoto(photoId).isPresent();
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    private ApiError unavailable(StoreUnavailableException e) {
        metrics.failure(e.kind());
        LOG.warn("upload refused: {}", e.getMessage());
        return new ApiError(503, null, e.kind() + " storage unavailable, retry later");
    }

    private String responseJson(String photoId, String storageUrl, Instant takenAt, double lat, double lon) {
        ObjectNode n = mapper.createObjectNode();
        n.put("photoId", photoId);
        n.put("storageUrl", storageUrl);
        n.put("takenAt", takenAt.toString());
        ObjectNode loc = n.putObject("location");
        loc.put("type", "Point");
        loc.putArray("coordinates").add(lon).add(lat);
        return n.toString();
    }
}
