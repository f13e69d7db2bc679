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
 * {@code getMore} continues a read and is not counted); per database and per collection, and
 * the statements among the writes that may touch many documents ({@code multi}: an {@code
 * updateMany}) apart. Counted where the operations are applied, so every client is measured alike.
 */
public final class AppliedOperations {

    /** The kinds counted. */
    public enum Kind {
        WRITE, FIND, COUNT_OR_AGGREGATE,
        /** The update statements, already counted as writes, that may change many documents. */
        WRITE_MANY
    }

    private final Map<String, Map<Kind, LongAdder>> byDatabase = new ConcurrentHashMap<>();
    private final Map<String, Map<Kind, LongAdder>> byCollection = new ConcurrentHashMap<>();

    void count(String database, String command, Document query) {
        String collection = query.get(command) instanceof String c ? c : "";
        switch (command) {
            case "insert" -> add(database, collection, Kind.WRITE, statements(query, "documents"));
            case "update" -> {
                add(database, collection, Kind.WRITE, statements(query, "updates"));
                add(database, collection, Kind.WRITE_MANY, multi(query));
            }
            case "delete" -> add(database, collection, Kind.WRITE, statements(query, "deletes"));
            case "findAndModify", "findandmodify" -> add(database, collection, Kind.WRITE, 1);
            case "find" -> add(database, collection, Kind.FIND, 1);
            case "count", "aggregate" -> add(database, collection, Kind.COUNT_OR_AGGREGATE, 1);
            default -> { }
        }
    }

    /** How many operations of {@code kind} the server applied to {@code collection} of {@code database} so far. */
    public long of(String database, String collection, Kind kind) {
        return sum(byCollection.get(database + '.' + collection), kind);
    }

    /** How many operations of {@code kind} the server applied in {@code database} so far. */
    public long of(String database, Kind kind) {
        return sum(byDatabase.get(database), kind);
    }

    private static long sum(Map<Kind, LongAdder> m, Kind kind) {
        LongAdder a = m == null ? null : m.get(kind);
        return a == null ? 0 : a.sum();
    }

    private void add(String database, String collection, Kind kind, long n) {
        if (n == 0) {
            return;
        }
        byDatabase.computeIfAbsent(database, d -> new ConcurrentHashMap<>()).computeIfAbsent(kind, k -> new LongAdder()).add(n);
        byCollection.computeIfAbsent(database + '.' + collection, d -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> new LongAdder()).add(n);
    }

    private static long multi(Document update) {
        return update.get("updates") instanceof List<?> l
                ? l.stream().filter(u -> u instanceof Document d && Boolean.TRUE.equals(d.get("multi"))).count() : 0;
    }

    private static long statements(Document query, String field) {
        Object list = query.get(field);
        return list instanceof List<?> l ? l.size() : 1;
    }
}
