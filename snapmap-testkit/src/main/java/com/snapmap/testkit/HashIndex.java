package com.snapmap.testkit;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A non-unique index on one top-level field, which the library does not have (it keeps such an index
 * in name only and scans): value → positions of the documents holding it, in memory, built from the
 * collection when created or reopened and kept up to date on every insert, update and delete. An
 * array is indexed under each of its elements, as MongoDB's multikey indexes are. It answers the
 * queries {@link EqualityLookup} accepts for its field; the library's matcher checks the rest.
 *
 * <p>The library tells an index which document to drop but not where it is, so positions are also
 * kept by {@code _id}. Like the library's stand-in it reports itself sparse, so index options
 * compare as they did.
 */
final class HashIndex<P> extends PlannedIndex<P> {

    private static final String ID = "_id";

    private final String field;
    private final Map<KeyValue, Set<P>> positionsByValue = new HashMap<>();
    private final Map<P, Set<KeyValue>> valuesByPosition = new HashMap<>();
    private final Map<KeyValue, P> positionsById = new HashMap<>();
    /** Set when a document without {@code _id} came in: its removal could not be followed, so never answer. */
    private boolean unusable;

    HashIndex(String name, IndexKey key) {
        super(name, List.of(key), true);
        this.field = key.getKey();
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return !unusable && EqualityLookup.valuesFor(query, field) != null;
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        Set<P> positions = new LinkedHashSet<>();
        for (Object value : EqualityLookup.valuesFor(query, field)) {
            positions.addAll(positionsByValue.getOrDefault(key(value), Set.of()));
        }
        return answer(positions);
    }

    /** Not this index's to say: the {@code _id} index places documents. */
    @Override
    public P getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        KeyValue id = idOf(document);
        if (id == null) {
            unusable = true;
            return;
        }
        positionsById.put(id, position);
        index(position, document);
    }

    @Override
    public synchronized P remove(Document document) {
        KeyValue id = idOf(document);
        if (id == null || !positionsById.containsKey(id)) {
            return null;
        }
        P position = positionsById.remove(id);
        unindex(position);
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
            MongoCollection<P> collection) {
        KeyValue oldId = idOf(oldDocument);
        KeyValue newId = idOf(newDocument);
        if (oldId != null && oldId.equals(newId) && position.equals(positionsById.get(oldId))
                && oldDocument.containsKey(field) == newDocument.containsKey(field)
                && Objects.equals(oldDocument.get(field), newDocument.get(field))) {
            // Most updates leave this index's field alone (a photo's eventId set, its uploader not):
            // re-indexing it anyway was about a fifth of the server's CPU under the job's photo writes.
            return;
        }
        if (oldId != null) {
            positionsById.remove(oldId);
        }
        if (newId == null) {
            unusable = true;
        } else {
            positionsById.put(newId, position);
        }
        index(position, newDocument);
    }

    @Override
    public synchronized long getCount() {
        return positionsById.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void drop() {
        positionsByValue.clear();
        valuesByPosition.clear();
        positionsById.clear();
    }

    private void index(P position, Document document) {
        unindex(position);
        Set<KeyValue> values = getKeyValues(document);
        valuesByPosition.put(position, values);
        for (KeyValue value : values) {
            positionsByValue.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(position);
        }
    }

    private void unindex(P position) {
        Set<KeyValue> values = valuesByPosition.remove(position);
        if (values == null) {
            return;
        }
        for (KeyValue value : values) {
            Set<P> positions = positionsByValue.get(value);
            if (positions != null) {
                positions.remove(position);
                if (positions.isEmpty()) {
                    positionsByValue.remove(value);
                }
            }
        }
    }

    private static KeyValue idOf(Document document) {
        return document.containsKey(ID) ? key(document.get(ID)) : null;
    }

    /** Normalised as the library normalises index keys and compares values: 1, 1L and 1.0 are one key. */
    private static KeyValue key(Object value) {
        return new KeyValue(Collections.singletonList(value)).normalized();
    }
}
