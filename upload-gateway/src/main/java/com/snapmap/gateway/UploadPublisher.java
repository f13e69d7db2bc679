package com.snapmap.gateway;

import com.snapmap.core.wire.UploadEvent;

/** Announces a stored photo on Kafka {@code photo-uploads}. */
public interface UploadPublisher extends AutoCloseable {

    /** Returns when the broker acknowledged the record. */
    void publish(UploadEvent event) throws StoreUnavailableException;

    @Override
    default void close() {}
}
