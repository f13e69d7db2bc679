package com.snapmap.gateway;

import com.snapmap.contract.PhotoDoc;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The gateway's view of MongoDB: photos, events, remembered idempotent responses and erasures. */
public interface PhotoRepository {

    /** Stores a new photo; {@code uploader} is the uploading key's hash. */
    void insert(PhotoDoc photo, String uploader) throws StoreUnavailableException;

    /** The stored document, whatever shape a service left it in (see {@link PhotoDoc}). */
    Optional<PhotoDoc> findPhoto(String photoId);

    /** The raw {@code events} document (event or {@code mergedInto} tombstone), as plain JSON-able values. */
    Optional<Map<String, Object>> findEvent(String eventId);

    /**
     * Up to {@code limit} events whose {@code cell} starts with one of {@code cellPrefixes} and whose
     * [startAt, endAt] overlaps [from, to] (null: unbounded), sorted by ({@code cell}, {@code _id}) and
     * strictly after {@code after} ({@code key} = cell; null: from the start). Tombstones have no cell.
     */
    List<Map<String, Object>> findEventsInCells(
            List<String> cellPrefixes, Instant from, Instant to, PageCursor after, int limit);

    /**
     * Up to {@code limit} events whose {@code placeKey} is {@code placeKey} and whose [startAt,
     * endAt] overlaps [from, to] (null: unbounded), sorted by {@code _id} and strictly after
     * {@code after} ({@code id}; null: from the start).
     */
    List<Map<String, Object>> findEventsAtPlace(String placeKey, Instant from, Instant to, PageCursor after, int limit);

    /**
     * Up to {@code limit} photos whose eventId is one of {@code eventIds}, in capture order (takenAt,
     * then photoId), strictly after {@code after} ({@code key} = takenAt as ISO-8601; null: from the start).
     */
    List<PhotoDoc> findPhotosOfEvents(Collection<String> eventIds, PageCursor after, int limit);

    /** The Idempotency-Key's record, finished or not. */
    Optional<IdempotencyClaim> findIdempotencyClaim(String key);

    /**
     * Claims an Idempotency-Key before writing, recording the photoId the request will write. False
     * when the key is held already (finished or not).
     */
    boolean claimIdempotencyKey(String key, String fingerprint, String photoId, Instant now) throws StoreUnavailableException;

    /**
     * Takes over an unfinished claim still as it was at {@code heldSince} (compare and set: of two
     * takers one wins); false when it changed, finished or vanished meanwhile.
     */
    boolean takeOverIdempotencyKey(String key, Instant heldSince, String fingerprint, String photoId, Instant now)
            throws StoreUnavailableException;

    /** Stores the response of a claimed key. */
    void completeIdempotencyKey(String key, String photoId, String responseJson) throws StoreUnavailableException;

    /** Gives up an unfinished claim (the upload failed, a retry may try again). */
    void releaseIdempotencyKey(String key);

    /** The stored photo with its uploader. */
    Optional<OwnedPhoto> findOwnedPhoto(String photoId);

    /** Up to {@code limit} photos uploaded by {@code uploader}, in photoId order. */
    List<OwnedPhoto> findPhotosOfUploader(String uploader, int limit);

    /** The erasure of a photo, when it was erased. */
    Optional<ErasureRecord> findErasure(String photoId);

    /** Which of {@code photoIds} are erased. */
    Set<String> erasedAmong(Collection<String> photoIds);

    /** Records an erasure; one already recorded is kept as it is (its first erasedAt). */
    void recordErasure(ErasureRecord erasure) throws StoreUnavailableException;

    /**
     * Forgets what the Idempotency-Key claims of an erased photo remember of it (their response and
     * the request's fingerprint); the claims stay, so a retry with the key learns the photo is gone.
     */
    void forgetIdempotentResponses(String photoId) throws StoreUnavailableException;

    /**
     * The key of an unfinished Idempotency-Key claim writing {@code photoId} taken after
     * {@code since} (an older one is abandoned): an upload in flight.
     */
    Optional<String> uploadInFlight(String photoId, Instant since);

    void deletePhoto(String photoId) throws StoreUnavailableException;
}
