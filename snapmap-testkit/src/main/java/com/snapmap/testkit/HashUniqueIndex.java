package com.snapmap.testkit;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unique index held in memory for any kind of document position, rebuilt from the documents
 * when a database is opened (the library builds an index that reports itself empty).
 *
 * <p>Used in place of the H2 backend's persisted unique index: that one keeps its keys in an H2
 * map whose key type H2 does not know, so every comparison of a binary search serialises both
 * keys with Java serialisation. Under the job's writes the server spent most of its time there.
 */
final class HashUniqueIndex<P> extends AbstractUniqueIndex<P> {

    private final Map<KeyValue, P> index = new ConcurrentHashMap<>();

    HashUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    @Override
    protected P removeDocument(KeyValue keyValue) {
        return index.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, P position) {
        return index.putIfAbsent(keyValue, position) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, P>> getIterable() {
        return index.entrySet();
    }

    @Override
    protected P getPosition(KeyValue keyValue) {
        return index.get(keyValue);
    }

    @Override
    public long getCount() {
        return index.size();
    }

    @Override
    public boolean isEmpty() {
        return index.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        index.clear();
    }
}
