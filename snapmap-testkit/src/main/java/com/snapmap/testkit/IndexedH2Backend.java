package com.snapmap.testkit;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 (file) backend with the query-serving indexes of {@link IndexedMemoryBackend},
 * durable per command: whatever a command changed is committed to the file before its reply is
 * sent, so a killed process loses no acknowledged write (the library leaves that to the MVStore's
 * background commit, about a second later). The library's constructor already opens the file's
 * databases through {@link #openOrCreateDatabase}, so that method uses nothing of this class's own
 * state.
 */
public final class IndexedH2Backend extends H2Backend {

    public IndexedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** OP_MSG: every command of today's drivers. */
    @Override
    public Document handleMessage(MongoMessage message) {
        return committed(() -> super.handleMessage(message));
    }

    /** OP_QUERY: legacy commands ({@code $cmd}) and queries. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return committed(() -> super.handleQuery(query));
    }

    private <T> T committed(Supplier<T> command) {
        try {
            return command.get();
        } finally {
            // Also after a failed command: a multi-document write may have changed some documents.
            MVStore store = getMvStore();
            if (store.hasUnsavedChanges()) {
                store.commit();
            }
        }
    }
}
