package com.snapmap.testkit;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * mongo-java-server's H2 (file) backend with the query-serving indexes of {@link IndexedMemoryBackend}.
 * The library's constructor already opens the file's databases through {@link #openOrCreateDatabase},
 * so that method uses nothing of this class's own state.
 */
public final class IndexedH2Backend extends H2Backend {

    public IndexedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }
}
