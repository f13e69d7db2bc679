package com.snapmap.testkit;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the MongoDB-wire server applied, per database and kind: one write per statement of an
 * {@code insert}, {@code update} or {@code delete} (a bulk of 100 updates counts 100) and per
 * {@code findAndModify}; one read per {@code find}, {@code count} or {@code aggregate} (a cursor's
 * {@code getMore} continues a read and is not counted). Counted where the operations are applied,
 * so every client is measured alike.
 */
public final class AppliedOperations {

    /** The kinds counted. */
    public enum Kind { WRITE, FIND, COUNT_OR_AGGREGATE }

    private final Map<String, Map<Kind, LongAdder>> byDatabase = new ConcurrentHashMap<>();

    void count(String database, String command, Document query) {
        switch (command) {
            case "insert" -> add(database, Kind.WRITE, statements(query, "documents"));
            case "update" -> add(database, Kind.WRITE, statements(query, "updates"));
            case "delete" -> add(database, Kind.WRITE, statements(query, "deletes"));
            case "findAndModify", "findandmodify" -> add(database, Kind.WRITE, 1);
            case "find" -> add(database, Kind.FIND, 1);
            case "count", "aggregate" -> add(database, Kind.COUNT_OR_AGGREGATE, 1);
            default -> { }
        }
    }

    /** How many operations of {@code kind} the server applied in {@code database} so far. */
    public long of(String database, Kind kind) {
        Map<Kind, LongAdder> m = byDatabase.get(database);
        LongAdder a = m == null ? null : m.get(kind);
        return a == null ? 0 : a.sum();
    }

    private void add(String database, Kind kind, long n) {
        byDatabase.computeIfAbsent(database, d -> new ConcurrentHashMap<>()).computeIfAbsent(kind, k -> new LongAdder()).add(n);
    }

    private static long statements(Document query, String field) {
        Object list = query.get(field);
        return list instanceof List<?> l ? l.size() : 1;
    }
}
