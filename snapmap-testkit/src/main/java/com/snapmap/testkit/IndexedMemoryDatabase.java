package com.snapmap.testkit;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/** The library's in-memory database with our query-serving indexes ({@link IndexPlanner}). */
final class IndexedMemoryDatabase extends MemoryDatabase {

    IndexedMemoryDatabase(String databaseName, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
    }

    @Override
    protected void addIndex(Document description) {
        IndexPlanner.creating(description, () -> super.addIndex(description));
    }

    @Override
    protected Index<Integer> openOrCreateUniqueIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
        return IndexPlanner.unique(super.openOrCreateUniqueIndex(collection, name, keys, sparse), sparse);
    }

    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
        return IndexPlanner.secondary(indexes.get(), getFullCollectionNamespace(collection), name, keys,
                () -> super.openOrCreateSecondaryIndex(collection, name, keys, sparse));
    }
}
