package com.snapmap.sweeper;

import com.snapmap.core.wire.UploadEvent;

/** Puts an upload event back on photo-uploads (a lost or unprocessed upload). */
public interface UploadRedriver extends AutoCloseable {

    /** Sends one; it may still be in flight until {@link #flush}. */
    void redrive(UploadEvent e) throws Exception;

    /** Returns once every event sent so far is acknowledged; throws if one could not be. */
    default void flush() throws Exception {}

    @Override
    default void close() {}
}
