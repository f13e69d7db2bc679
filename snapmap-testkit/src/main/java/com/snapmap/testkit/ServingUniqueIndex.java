package com.snapmap.testkit;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The library's own single-key unique index (the {@code _id} index, or a unique index on one field),
 * which it only uses when a query names that key and nothing else. This one also answers a query
 * that pins the key by equality next to other conditions, {@code {_id: x, owner: {$ne: "sweeper"}}},
 * as MongoDB does: the library's index finds the document for each pinned value and the library's
 * matcher then checks the whole query against it. Everything else (keeping the index up to date,
 * duplicate-key checks, queries the library handles itself) is the library's index's own doing.
 */
final class ServingUniqueIndex<P> extends PlannedIndex<P> {

    private final Index<P> library;
    private final String field;

    ServingUniqueIndex(Index<P> library, boolean sparse) {
        super(library.getName(), library.getKeys(), sparse);
        this.library = library;
        this.field = library.getKeys().get(0).getKey();
    }

    @Override
    public boolean canHandle(Document query) {
        return library.canHandle(query) || EqualityLookup.valuesFor(query, field) != null;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        Set<P> positions = new LinkedHashSet<>();
        if (library.canHandle(query)) {
            library.getPositions(query).forEach(positions::add);
        } else {
            for (Object value : EqualityLookup.valuesFor(query, field)) {
                library.getPositions(new Document(field, value)).forEach(positions::add);
            }
        }
        return answer(positions);
    }

    @Override
    public P getPosition(Document document) {
        return library.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        library.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        library.add(document, position, collection);
    }

    @Override
    public P remove(Document document) {
        return library.remove(document);
    }

    @Override
    public long getCount() {
        return library.getCount();
    }

    @Override
    public boolean isEmpty() {
        return library.isEmpty();
    }

    @Override
    public long getDataSize() {
        return library.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        library.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
            throws KeyConstraintError {
        library.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public void drop() {
        library.drop();
    }

    @Override
    public boolean isUnique() {
        return library.isUnique();
    }

    /** Only single-key indexes are wrapped: a compound one keeps the library's planning. */
    static <P> Index<P> around(Index<P> library, boolean sparse) {
        List<?> keys = library.getKeys();
        return keys.size() == 1 && EqualityLookup.isPlainField(library.getKeys().get(0).getKey())
                ? new ServingUniqueIndex<>(library, sparse)
                : library;
    }
}
