package com.snapmap.testkit;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * An index that answers equality queries the library's own planner would scan for, and counts what
 * it answered: how many queries, and how many candidate documents it handed to the matcher (a scan
 * would hand it the whole collection).
 */
abstract class PlannedIndex<P> extends Index<P> {

    private final LongAdder queries = new LongAdder();
    private final LongAdder candidates = new LongAdder();

    PlannedIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    long queriesServed() {
        return queries.sum();
    }

    long candidatesReturned() {
        return candidates.sum();
    }

    /** Counts one answered query; positions in the order a scan would visit them. */
    final List<P> answer(Collection<P> positions) {
        List<P> ordered = new ArrayList<>(positions);
        ordered.sort(ValueComparator.asc());
        queries.increment();
        candidates.add(ordered.size());
        return ordered;
    }
}
