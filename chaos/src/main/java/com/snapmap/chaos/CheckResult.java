package com.snapmap.chaos;

import java.util.List;
import java.util.Set;

/**
 * What the system holds of the acknowledged uploads. Lost: an acknowledged photo without a complete
 * document, without readable bytes or without a live event. Double-counted: photos an event counts
 * beyond its members. {@link #passed} only when nothing is lost or miscounted, the partition is
 * the reference's and no event version appears twice on {@code event-updates}.
 *
 * @param storedUnacknowledged run photos in MongoDB whose upload was never acknowledged (a retry given up)
 * @param partitionDifferences empty when the events group the photos as the reference does
 */
public record CheckResult(
        int acknowledged,
        int storedUnacknowledged,
        List<String> missingDocument,
        List<String> incompleteDocument,
        List<String> blobUnreadable,
        List<String> withoutEvent,
        String partitionDifferences,
        List<Miscount> miscounted,
        List<String> duplicateVersions,
        int events) {

    /** An event whose photoCount is not the number of photos that resolve to it. */
    public record Miscount(String eventId, long photoCount, long members) {}

    public CheckResult {
        missingDocument = List.copyOf(missingDocument);
        incompleteDocument = List.copyOf(incompleteDocument);
        blobUnreadable = List.copyOf(blobUnreadable);
        withoutEvent = List.copyOf(withoutEvent);
        miscounted = List.copyOf(miscounted);
        duplicateVersions = List.copyOf(duplicateVersions);
    }

    /** Acknowledged photos with at least one of: no document, an incomplete one, unreadable bytes, no live event. */
    public int lost() {
        return Set.copyOf(concat(missingDocument, incompleteDocument, blobUnreadable, withoutEvent)).size();
    }

    /** Photos counted by events beyond their members. */
    public long doubleCounted() {
        return miscounted.stream().mapToLong(m -> Math.max(0, m.photoCount() - m.members())).sum();
    }

    public boolean partitionMatches() {
        return partitionDifferences.isEmpty();
    }

    public boolean passed() {
        return lost() == 0 && miscounted.isEmpty() && partitionMatches() && duplicateVersions.isEmpty();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
