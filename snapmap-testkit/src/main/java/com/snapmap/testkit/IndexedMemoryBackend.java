package com.snapmap.testkit;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/**
 * mongo-java-server's memory backend whose indexes serve queries as MongoDB's would for equality
 * on an indexed field next to other conditions, and on non-unique single-field indexes (see
 * {@link IndexPlanner}).
 */
public final class IndexedMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
    }
}
