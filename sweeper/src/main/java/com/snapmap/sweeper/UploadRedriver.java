package com.snapmap.sweeper;

import com.snapmap.core.wire.UploadEvent;

/** Puts an upload event back on photo-uploads (a missed Kafka event). */
public interface UploadRedriver extends AutoCloseable {

    void redrive(UploadEvent e) throws Exception;

    @Override
    default void close() {}
}
