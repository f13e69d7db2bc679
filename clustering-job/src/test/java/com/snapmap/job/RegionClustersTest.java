package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.snapmap.core.cluster.EventIds;
import com.snapmap.job.model.RootState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The region's clusters without Flink: stores in hash maps, decisions recorded in order. */
class RegionClustersTest {

    enum Kind { ASSIGN, RELABEL, TOMBSTONE, PART, CHANGED, SETTLED, DOCUMENT, CLOSED, EXPIRES, RENAMED, MERGED }

    /** One decision: its kind, the label, root or old id it concerns, and the event id it names. */
    record Decision(Kind kind, String subject, String eventId, List<String> labels) {}

    private static final class Recorder implements RegionClusters.Decisions {
        final List<Decision> all = new ArrayList<>();
        /** Per document, in order: how many of its photos were erased. */
        final List<Integer> documentErased = new ArrayList<>();
        /** Per root, the erased photos its last part named. */
        final Map<String, List<String>> partErased = new HashMap<>();

        private void add(Kind kind, String subject, String eventId) {
            all.add(new Decision(kind, subject, eventId, List.of()));
        }

        @Override
        public void assign(String photoId, String label, RootState r) {
            add(Kind.ASSIGN, photoId, r.publishedId);
        }

        @Override
        public void relabel(String label, RootState r) {
            add(Kind.RELABEL, label, r.publishedId);
        }

        @Override
        public void tombstone(String oldId, RootState survivor, int erased) {
            add(Kind.TOMBSTONE, oldId, survivor.publishedId);
        }

        @Override
        public void part(String root, RootState r, String[] fresh, String[] erased) {
            all.add(new Decision(Kind.PART, root, r.publishedId, List.of(fresh)));
            partErased.put(root, erased == null ? List.of() : List.of(erased));
        }

        @Override
        public void changed(String root) {
            add(Kind.CHANGED, root, null);
        }

        @Override
        public void settled(String root) {
            add(Kind.SETTLED, root, null);
        }

        @Override
        public void document(RootState r, int erased, boolean closed) {
            add(closed ? Kind.CLOSED : Kind.DOCUMENT, null, r.publishedId);
            documentErased.add(erased);
        }

        @Override
        public void expiresAt(String root, long expireAt) {
            add(Kind.EXPIRES, root, null);
        }

        @Override
        public void renamed() {
            add(Kind.RENAMED, null, null);
        }

        @Override
        public void merged() {
            add(Kind.MERGED, null, null);
        }

        List<Decision> take(Kind... kinds) {
            List<Kind> wanted = List.of(kinds);
            List<Decision> out = all.stream().filter(d -> wanted.contains(d.kind())).toList();
            all.clear();
            return out;
        }
    }

    private final ClusteringConfig config = ClusteringConfig.defaults();
    private final Map<String, RootState> roots = new HashMap<>();
    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, String[]> members = new HashMap<>();
    private final Map<String, String[]> erased = new HashMap<>();
    private final RegionClusters clusters = new RegionClusters(config, EntryStore.inMemory(roots),
            EntryStore.inMemory(parents), EntryStore.inMemory(members), EntryStore.inMemory(erased));
    private final Recorder d = new Recorder();

    private void photo(String photoId, long takenAt, String label) throws Exception {
        clusters.assign(photoId, label, false, takenAt, 45.0, 4.0, d);
    }

    @Test
    void anEventIsNamedAfterItsFirstPhotoAndMarkedChanged() throws Exception {
        photo("b1", 2_000, "B");
        photo("b2", 3_000, "B");
        String b1 = EventIds.forFirstPhoto("b1");
        assertThat(d.take(Kind.ASSIGN, Kind.CHANGED)).extracting(Decision::kind, Decision::subject, Decision::eventId)
                .containsExactly(tuple(Kind.ASSIGN, "b1", b1), tuple(Kind.CHANGED, "B", null),
                        tuple(Kind.ASSIGN, "b2", b1), tuple(Kind.CHANGED, "B", null));
    }

    @Test
    void anEarlierPhotoRenamesTheEventTombstoningTheOldIdAndRelabellingItsLabels() throws Exception {
        photo("b1", 2_000, "B");
        d.take();
        photo("a0", 1_000, "B");
        String b1 = EventIds.forFirstPhoto("b1");
        String a0 = EventIds.forFirstPhoto("a0");
        assertThat(d.take(Kind.RENAMED, Kind.TOMBSTONE, Kind.RELABEL, Kind.ASSIGN))
                .extracting(Decision::kind, Decision::subject, Decision::eventId)
                .containsExactly(tuple(Kind.RENAMED, null, null), tuple(Kind.TOMBSTONE, b1, a0),
                        tuple(Kind.RELABEL, "B", a0), tuple(Kind.ASSIGN, "a0", a0));
    }

    @Test
    void aMergeKeepsTheLargerRootAndRetiresTheOtherSidesId() throws Exception {
        photo("a1", 1_000, "A");
        photo("a2", 1_500, "A2");
        clusters.union("A", "A2", d);
        photo("b1", 500, "B");
        d.take();
        clusters.union("B", "A", d);
        String a1 = EventIds.forFirstPhoto("a1");
        String b1 = EventIds.forFirstPhoto("b1");
        assertThat(parents).containsEntry("B", "A").doesNotContainKey("A");
        assertThat(d.take(Kind.MERGED, Kind.SETTLED, Kind.TOMBSTONE, Kind.RELABEL, Kind.CHANGED))
                .extracting(Decision::kind, Decision::subject, Decision::eventId)
                .containsExactly(tuple(Kind.MERGED, null, null), tuple(Kind.SETTLED, "B", null),
                        tuple(Kind.TOMBSTONE, a1, b1), tuple(Kind.RELABEL, "A", b1), tuple(Kind.RELABEL, "A2", b1),
                        tuple(Kind.CHANGED, "A", null));
        assertThat(roots).containsOnlyKeys("A");
        assertThat(roots.get("A").labels).isEqualTo(3);
    }

    @Test
    void aBorderClusterGoesOutAsItsPartWithOnlyTheLabelsNotSentBefore() throws Exception {
        photo("a1", 1_000, "A");
        clusters.toBorder("A", 0, d);
        assertThat(d.take(Kind.PART)).extracting(Decision::subject, Decision::labels)
                .containsExactly(tuple("A", List.of("A")));
        photo("c1", 1_200, "C");
        clusters.union("A", "C", d);
        assertThat(d.take(Kind.PART, Kind.DOCUMENT)).extracting(Decision::subject, Decision::labels)
                .containsExactly(tuple("A", List.of("C")));
    }

    @Test
    void aBorderClustersRenameGoesToTheBorderMergeNotAsATombstone() throws Exception {
        photo("b1", 2_000, "B");
        clusters.toBorder("B", 0, d);
        d.take();
        photo("a0", 1_000, "B");
        assertThat(d.take(Kind.TOMBSTONE, Kind.PART)).extracting(Decision::kind, Decision::eventId)
                .containsExactly(tuple(Kind.PART, EventIds.forFirstPhoto("a0")));
    }

    @Test
    void theFlushWritesALocalEventsDocumentAndABorderClustersPart() throws Exception {
        photo("a1", 1_000, "A");
        photo("b1", 5_000, "B");
        clusters.toBorder("B", 0, d);
        d.take();
        clusters.flush("A", d);
        clusters.flush("B", d);
        clusters.flush("gone", d);
        assertThat(d.take(Kind.DOCUMENT, Kind.PART)).extracting(Decision::kind, Decision::eventId)
                .containsExactly(tuple(Kind.DOCUMENT, EventIds.forFirstPhoto("a1")),
                        tuple(Kind.PART, EventIds.forFirstPhoto("b1")));
    }

    @Test
    void anEventIsExpiringOnlyOnceTheTimePassesItsExpiry() throws Exception {
        photo("a1", 1_000, "A");
        long expireAt = roots.get("A").expireAt;
        assertThat(clusters.expiring("A", expireAt - 1)).isNull();
        assertThat(clusters.expiring("A", expireAt)).isSameAs(roots.get("A"));
    }

    @Test
    void closingWritesTheClosedDocumentAndForgetsEveryEntry() throws Exception {
        photo("a1", 1_000, "A");
        photo("b1", 1_100, "B");
        clusters.union("A", "B", d);
        d.take();
        clusters.close("A", clusters.expiring("A", Long.MAX_VALUE - 1), d);
        assertThat(d.take(Kind.CLOSED, Kind.SETTLED)).extracting(Decision::kind, Decision::eventId)
                .containsExactly(tuple(Kind.CLOSED, EventIds.forFirstPhoto("a1")), tuple(Kind.SETTLED, null));
        assertThat(roots).isEmpty();
        assertThat(parents).isEmpty();
        assertThat(members).isEmpty();
    }

    @Test
    void anErasedPhotoLeavesTheNextDocumentsCountOnceHoweverOftenItIsErased() throws Exception {
        photo("e1", 1_000, "E");
        photo("e2", 2_000, "E");
        photo("e3", 3_000, "E");
        d.take(Kind.ASSIGN, Kind.CHANGED);

        clusters.erase("e2", "E", d);
        clusters.erase("e2", "E", d); // a tombstone delivered twice
        assertThat(d.take(Kind.CHANGED)).extracting(Decision::subject).containsExactly("E");
        clusters.flush("E", d);
        assertThat(d.take(Kind.DOCUMENT)).extracting(Decision::eventId).containsExactly(EventIds.forFirstPhoto("e1"));
        assertThat(d.documentErased).containsExactly(1);
        assertThat(roots.get("E").summary.count).as("the version still counts it").isEqualTo(3);
    }

    @Test
    void aMergeKeepsBothSidesErasedPhotosAndClosingForgetsThem() throws Exception {
        photo("a1", 1_000, "A");
        photo("b1", 2_000, "B");
        clusters.erase("a1", "A", d);
        clusters.erase("b1", "B", d);
        clusters.union("A", "B", d);
        String root = roots.containsKey("A") ? "A" : "B";
        clusters.flush(root, d);
        assertThat(d.documentErased).containsExactly(2);

        clusters.close(root, roots.get(root), d);
        assertThat(d.documentErased).containsExactly(2, 2);
        assertThat(erased).isEmpty();
        d.take(Kind.CHANGED);
        clusters.erase("a1", "A", d); // closed and forgotten: the cold path's
        assertThat(erased).isEmpty();
        assertThat(d.take(Kind.CHANGED)).isEmpty();
    }

    @Test
    void aBorderClustersPartNamesItsErasedPhotos() throws Exception {
        photo("p1", 1_000, "P");
        photo("p2", 2_000, "P");
        clusters.toBorder("P", 0, d);
        clusters.erase("p2", "P", d);
        clusters.flush("P", d);
        assertThat(d.partErased.get("P")).containsExactly("p2");
        assertThat(d.documentErased).isEmpty();
    }
}
