package com.snapmap.testkit;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import java.util.function.Consumer;
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

    private volatile Consumer<RuntimeException> onStoreFailure = e -> {};
    private volatile boolean closing;
    /** Writes alone: the commit after each one writes every changed document to the file. */
    private final CommandLocks locks = new CommandLocks(true);

    public IndexedH2Backend(String fileName) {
        super(fileName);
    }

    /**
     * Called when the file can no longer be written (disk full, the MVStore closed itself after an
     * error): the command fails, and a process that lives only to serve this file should end
     * rather than answer errors for ever.
     */
    public IndexedH2Backend onStoreFailure(Consumer<RuntimeException> handler) {
        this.onStoreFailure = handler;
        return this;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** OP_MSG: every command of today's drivers. */
    @Override
    public Document handleMessage(MongoMessage message) {
        return locks.command(message.getDatabaseName(), message.getDocument(), () -> committed(() -> super.handleMessage(message)));
    }

    /** OP_QUERY: legacy commands ({@code $cmd}) and queries. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return locks.query(() -> committed(() -> super.handleQuery(query)));
    }

    private <T> T committed(Supplier<T> command) {
        try {
            return command.get();
        } finally {
            // Also after a failed command: a multi-document write may have changed some documents.
            commitOrFail();
        }
    }

    private void commitOrFail() {
        MVStore store = getMvStore();
        if (closing) {
            return;
        }
        try {
            if (store.isClosed()) {
                throw new IllegalStateException("the H2 store is closed");
            }
            if (store.hasUnsavedChanges()) {
                store.commit();
            }
        } catch (RuntimeException e) {
            onStoreFailure.accept(e);
            throw e;
        }
    }

    @Override
    public void close() {
        closing = true;
        super.close();
    }
}
