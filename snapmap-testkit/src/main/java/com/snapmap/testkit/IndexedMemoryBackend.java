package com.snapmap.testkit;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;

/**
 * mongo-java-server's memory backend whose indexes serve queries as MongoDB's would for equality
 * on an indexed field next to other conditions, and on non-unique single-field indexes (see
 * {@link IndexPlanner}); it counts the operations it applies ({@link AppliedOperations}), and runs
 * each command under the locks of {@link CommandLocks}, so that concurrent clients never see a
 * document while another one changes it.
 */
public final class IndexedMemoryBackend extends MemoryBackend {

    private final AppliedOperations applied = new AppliedOperations();
    private final CommandLocks locks = new CommandLocks(false);

    /** OP_MSG: every command of today's drivers; the command's name is its document's first key. */
    @Override
    public Document handleMessage(MongoMessage message) {
        Document command = message.getDocument();
        Document reply = locks.command(message.getDatabaseName(), command, () -> super.handleMessage(message));
        if (!command.isEmpty()) {
            applied.count(message.getDatabaseName(), command.keySet().iterator().next(), command);
        }
        return reply;
    }

    /** OP_QUERY: legacy commands ({@code $cmd}) and queries. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return locks.query(() -> super.handleQuery(query));
    }

    AppliedOperations applied() {
        return applied;
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
    }
}
