package com.snapmap.testkit;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

/**
 * mongo-java-server's memory backend whose indexes serve queries as MongoDB's would for equality
 * on an indexed field next to other conditions, and on non-unique single-field indexes (see
 * {@link IndexPlanner}); it counts the operations it applies ({@link AppliedOperations}).
 */
public final class IndexedMemoryBackend extends MemoryBackend {

    private final AppliedOperations applied = new AppliedOperations();

    /** OP_MSG: every command of today's drivers; the command's name is its document's first key. */
    @Override
    public Document handleMessage(MongoMessage message) {
        Document reply = super.handleMessage(message);
        Document command = message.getDocument();
        if (!command.isEmpty()) {
            applied.count(message.getDatabaseName(), command.keySet().iterator().next(), command);
        }
        return reply;
    }

    AppliedOperations applied() {
        return applied;
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
    }
}
