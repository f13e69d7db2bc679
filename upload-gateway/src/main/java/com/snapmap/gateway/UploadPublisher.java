package com.snapmap.gateway;

import com.snapmap.contract.PhotoErasure;
import com.snapmap.core.wire.UploadEvent;

/** Announces a stored photo, and a photo's erasure, on Kafka {@code photo-uploads}. */
public interface UploadPublisher extends AutoCloseable {

    /** Returns when the broker acknowledged the record. */
    void publish(UploadEvent event) throws StoreUnavailableException;

    /**
     * Publishes the erasure's tombstone (key photoId, no value, the erasure's headers); returns
     * when the broker acknowledged it. A publisher that cannot erase refuses, so a delete stops
     * before it removes anything.
     */
    default void erase(PhotoErasure erasure) throws StoreUnavailableException {
        throw new StoreUnavailableException("kafka", "this publisher does not publish erasures", null);
    }

    @Override
    default void close() {}
}
