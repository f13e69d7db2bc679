package com.snapmap.testkit;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The values a query pins one top-level field to by plain equality, {@code {f: v}}, {@code {f: {$eq:
 * v}}} or {@code {f: {$in: [v, ...]}}}, whatever else the query asks. Every document the query
 * matches has one of these values in {@code f} (or in an element of an array in {@code f}), so an
 * equality index on {@code f} yields a superset of the matches; the library then matches the whole
 * query against each candidate. A top-level {@code $and} pins a field when one of its conjuncts does.
 *
 * <p>Only values whose equality the library's matcher decides by plain {@code equals} after
 * normalisation are accepted: strings, booleans, numbers, ObjectIds, dates and UUIDs. Null (which
 * also matches a missing field), embedded documents, arrays and regular expressions are not, and
 * neither are dotted paths: for those the query is left to a scan.
 */
final class EqualityLookup {

    private static final String EQ = "$eq";
    private static final String IN = "$in";
    private static final String AND = "$and";

    private EqualityLookup() {}

    /** @return the values {@code field} must equal for {@code query} to match, or null when not pinned so */
    static List<Object> valuesFor(Document query, String field) {
        if (!isPlainField(field)) {
            return null;
        }
        if (!query.containsKey(field)) {
            // The driver's Filters.and renders {$and: [...]}: a conjunct that pins the field pins the query.
            if (query.get(AND) instanceof Collection<?> conjuncts) {
                for (Object c : conjuncts) {
                    List<Object> values = c instanceof Document d ? valuesFor(d, field) : null;
                    if (values != null) {
                        return values;
                    }
                }
            }
            return null;
        }
        Object condition = query.get(field);
        if (isIndexable(condition)) {
            return List.of(condition);
        }
        if (!(condition instanceof Document operators) || operators.size() != 1) {
            return null;
        }
        Map.Entry<String, Object> only = operators.entrySet().iterator().next();
        if (EQ.equals(only.getKey()) && isIndexable(only.getValue())) {
            return List.of(only.getValue());
        }
        if (IN.equals(only.getKey()) && only.getValue() instanceof Collection<?> in
                && in.stream().allMatch(EqualityLookup::isIndexable)) {
            return List.copyOf(in);
        }
        return null;
    }

    static boolean isPlainField(String field) {
        return !field.isEmpty() && !field.contains(".") && !field.startsWith("$");
    }

    private static boolean isIndexable(Object value) {
        return value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Double
                || value instanceof ObjectId
                || value instanceof Instant
                || value instanceof UUID;
    }
}
