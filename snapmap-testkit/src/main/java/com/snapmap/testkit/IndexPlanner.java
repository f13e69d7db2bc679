package com.snapmap.testkit;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What our databases (memory and H2) put in place of the indexes the library opens: single-key
 * unique indexes wrapped so they also serve equality plus other conditions, plain single-field
 * ascending or descending indexes as {@link HashIndex}es, and everything else (compound, 2dsphere,
 * text, hashed, TTL, partial, collated) as the library has it.
 *
 * <p>The library hands a database only the key names and directions of a new index, not its
 * description, so "2dsphere" and a TTL cannot be told apart from a plain index there. The
 * description comes from {@link #creating} while an index is being created, and from the
 * collection of index descriptions when a persisted database is reopened.
 */
final class IndexPlanner {

    /** Description fields a plain index may carry; any other (expireAfterSeconds, partialFilterExpression, collation...) keeps it the library's. */
    private static final Set<String> PLAIN_OPTIONS = Set.of("v", "key", "name", "ns", "unique", "sparse", "background");

    private static final ThreadLocal<Document> CREATING = new ThreadLocal<>();

    private IndexPlanner() {}

    /** Runs the library's index creation with its description at hand. */
    static void creating(Document description, Runnable create) {
        Document outer = CREATING.get();
        CREATING.set(description);
        try {
            create.run();
        } finally {
            CREATING.set(outer);
        }
    }

    static <P> Index<P> unique(Index<P> library, boolean sparse) {
        return ServingUniqueIndex.around(library, sparse);
    }

    /**
     * @param descriptions the database's collection of index descriptions (null before it exists)
     * @param namespace "database.collection" of the indexed collection
     * @param library the library's stand-in, for all we do not index
     */
    static <P> Index<P> secondary(MongoCollection<P> descriptions, String namespace, String indexName,
            List<IndexKey> keys, Supplier<Index<P>> library) {
        Document description = description(descriptions, namespace, indexName);
        return description != null && isPlain(description) && keys.size() == 1
                ? new HashIndex<>(indexName, keys.get(0))
                : library.get();
    }

    private static Document description(MongoCollection<?> descriptions, String namespace, String indexName) {
        Document creating = CREATING.get();
        if (creating != null && namespace.equals(creating.get("ns")) && indexName.equals(creating.get("name"))) {
            return creating;
        }
        if (descriptions == null) {
            return null;
        }
        for (Document stored : descriptions.handleQuery(new Document("ns", namespace).append("name", indexName))) {
            return stored;
        }
        return null;
    }

    /** A non-unique ascending or descending index on one top-level field of a user collection, without options. */
    static boolean isPlain(Document description) {
        if (!PLAIN_OPTIONS.containsAll(description.keySet()) || Boolean.TRUE.equals(description.get("unique"))) {
            return false;
        }
        Object ns = description.get("ns");
        if (!(ns instanceof String namespace) || namespace.substring(namespace.indexOf('.') + 1).startsWith("system.")) {
            return false;
        }
        if (!(description.get("key") instanceof Document key) || key.size() != 1) {
            return false;
        }
        Map.Entry<String, Object> only = key.entrySet().iterator().next();
        return EqualityLookup.isPlainField(only.getKey())
                && only.getValue() instanceof Number direction
                && Math.abs(direction.doubleValue()) == 1.0;
    }
}
