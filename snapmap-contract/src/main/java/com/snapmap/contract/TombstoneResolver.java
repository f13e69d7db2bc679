package com.snapmap.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Follows {@code mergedInto} from an event id to the live event, the same way for every reader.
 * Chains are short (each merge re-points nothing, so a chain grows by one per merge of a survivor);
 * the hop limit only stops a corrupt cycle.
 */
public final class TombstoneResolver {

    public static final int MAX_HOPS = 64;

    private TombstoneResolver() {}

    /**
     * @param document the live document, or null when the chain ends at an id with no document
     * @param eventId the id the chain ends at
     * @param mergedFrom the tombstoned ids passed on the way, in order
     */
    public record Resolved<D>(D document, String eventId, List<String> mergedFrom) {}

    public static final class TooManyHops extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyHops(String from) {
            super("event " + from + " is merged more than " + MAX_HOPS + " times (a cycle?)");
        }
    }

    /**
     * @param find looks one id up (null when absent)
     * @param mergedInto a document's {@code mergedInto}, null for a live event
     */
    public static <D> Resolved<D> resolve(String eventId, Function<String, D> find, Function<D, String> mergedInto) {
        String id = eventId;
        List<String> path = new ArrayList<>();
        for (int hop = 0; hop <= MAX_HOPS; hop++) {
            D d = find.apply(id);
            String next = d == null ? null : mergedInto.apply(d);
            if (next == null) {
                return new Resolved<>(d, id, path);
            }
            path.add(id);
            id = next;
        }
        throw new TooManyHops(eventId);
    }
}
