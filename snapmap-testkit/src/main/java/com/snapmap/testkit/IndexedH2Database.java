package com.snapmap.testkit;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVStore;

/**
 * The library's H2 database with our query-serving indexes ({@link IndexPlanner}). The documents
 * stay in the H2 file; unique and hash indexes live in memory and are rebuilt from the documents
 * when a file is reopened (the library opens its databases, and so their indexes, while the
 * backend is constructed).
 */
final class IndexedH2Database extends H2Database {

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
    }

    @Override
    protected void addIndex(Document description) {
        IndexPlanner.creating(description, () -> super.addIndex(description));
    }

    /** In memory, not the library's H2 map (see {@link HashUniqueIndex}): rebuilt from the documents on open. */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
        return IndexPlanner.unique(new HashUniqueIndex<>(name, keys, sparse), sparse);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
        return IndexPlanner.secondary(indexes.get(), getFullCollectionNamespace(collection), name, keys,
                () -> super.openOrCreateSecondaryIndex(collection, name, keys, sparse));
    }
}
