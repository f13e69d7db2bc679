package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.job.model.BorderComponent;
import com.snapmap.job.model.BorderPart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A border merge node's components without Flink: stores in hash maps, decisions recorded. */
class BorderComponentsTest {

    private static final String NODE = "u05kq";
    private static final int T0 = BorderTiers.bit(0);
    private static final int T1 = BorderTiers.bit(1);

    record Relabel(String label, String eventId) {}

    record Tombstone(String oldId, String into) {}

    record HandUp(String up, String root, String eventId, List<String> labels) {}

    private final List<Relabel> relabels = new ArrayList<>();
    private final List<Tombstone> tombstones = new ArrayList<>();
    private final List<HandUp> handUps = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();
    private final List<Integer> documentErased = new ArrayList<>();
    private final List<List<String>> handedErased = new ArrayList<>();

    private final BorderComponents.Decisions d = new BorderComponents.Decisions() {
        @Override
        public void relabel(String label, String id, EventSummary whole, long expireAt) {
            relabels.add(new Relabel(label, id));
        }

        @Override
        public void tombstone(String oldId, String id, long count, int erasedCount) {
            tombstones.add(new Tombstone(oldId, id));
        }

        @Override
        public void document(BorderComponent c, int erasedCount, boolean isClosed) {
            documentErased.add(erasedCount);
            if (isClosed) {
                closed.add(c.publishedId);
            }
        }

        @Override
        public void handUp(String up, int above, String root, BorderComponent c, String[] fresh, String[] erasedIds) {
            handUps.add(new HandUp(up, root, c.publishedId, List.of(fresh)));
            handedErased.add(erasedIds == null ? List.of() : List.of(erasedIds));
        }

        @Override
        public void changed(String root) {}

        @Override
        public void settled(String root) {}

        @Override
        public void expiresAt(String root, long expireAt) {}

        @Override
        public void sweepAt(long time) {}
    };

    private final ClusteringConfig config = ClusteringConfig.defaults();
    private final Map<String, BorderPart> parts = new HashMap<>();
    private final Map<String, BorderComponent> components = new HashMap<>();
    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, String[]> labels = new HashMap<>();
    private final Map<String, String[]> erased = new HashMap<>();

    private BorderComponents node(int tier) {
        return new BorderComponents(config, tier, EntryStore.inMemory(parts), EntryStore.inMemory(components),
                EntryStore.inMemory(parents), EntryStore.inMemory(labels), EntryStore.inMemory(erased));
    }

    private static EventSummary photo(String photoId, long takenAt) {
        EventSummary s = new EventSummary();
        s.add(photoId, takenAt, 45.0, 4.0);
        return s;
    }

    private static void part(BorderComponents n, int tiers, String label, String photoId, long takenAt,
            BorderComponents.Decisions d) throws Exception {
        EventSummary s = photo(photoId, takenAt);
        n.part(NODE, label, new String[] {label}, tiers, s, s.eventId(), null, d);
    }

    @Test
    void partsJoinedByAnEdgeAreOneEventUnderTheEarliestFirstPhoto() throws Exception {
        BorderComponents n = node(0);
        part(n, T0, "r1/a", "a", 2_000, d);
        part(n, T0, "r4/b", "b", 1_000, d);
        relabels.clear();
        n.edge(NODE, "r1/a", "r4/b", d);
        String b = EventIds.forFirstPhoto("b");
        assertThat(tombstones).containsExactly(new Tombstone(EventIds.forFirstPhoto("a"), b));
        assertThat(relabels).containsExactlyInAnyOrder(new Relabel("r1/a", b), new Relabel("r4/b", b));
    }

    @Test
    void aComponentWithEdgesAboveItsTierIsHandedUpNotDecided() throws Exception {
        BorderComponents n = node(0);
        part(n, T0 | T1, "r1/a", "a", 1_000, d);
        assertThat(relabels).isEmpty();
        assertThat(handUps).containsExactly(
                new HandUp(BorderTiers.node(NODE, 1), "r1/a", EventIds.forFirstPhoto("a"), List.of("r1/a")));
    }

    @Test
    void closingForgetsTheComponentItsPartsLabelsAndParentEntries() throws Exception {
        BorderComponents n = node(0);
        part(n, T0, "r1/a", "a", 1_000, d);
        part(n, T0, "r4/b", "b", 1_100, d);
        n.edge(NODE, "r1/a", "r4/b", d);
        String root = components.keySet().iterator().next();
        n.close(NODE, root, n.expiring(root, Long.MAX_VALUE - 1), d);
        assertThat(closed).containsExactly(EventIds.forFirstPhoto("a"));
        assertThat(components).isEmpty();
        assertThat(parts).isEmpty();
        assertThat(parents).isEmpty();
        assertThat(labels).isEmpty();
    }

    @Test
    void aRootThatIsItsOwnParentAsInStateV1JoinsAndIsForgottenWithItsEntry() throws Exception {
        BorderComponents n = node(0);
        part(n, T0, "r1/a", "a", 1_000, d);
        parents.put("r1/a", "r1/a"); // how state format v1 kept a root
        part(n, T0, "r4/b", "b", 1_100, d);
        n.edge(NODE, "r1/a", "r4/b", d); // a tie: r1/a stays the root
        assertThat(components).containsOnlyKeys("r1/a");
        assertThat(parents).containsEntry("r4/b", "r1/a");
        String root = "r1/a";
        n.close(NODE, root, n.expiring(root, Long.MAX_VALUE - 1), d);
        assertThat(parents).isEmpty();
    }

    @Test
    void theErasedPhotosOfItsPartsLeaveTheEventsCountAndGoUpWithIt() throws Exception {
        BorderComponents n = node(0);
        EventSummary a = photo("a", 1_000);
        a.add("a2", 1_500, 45.0, 4.0);
        n.part(NODE, "r1/a", new String[] {"r1/a"}, T0, a, a.eventId(), new String[] {"a2"}, d);
        EventSummary b = photo("b", 1_100);
        n.part(NODE, "r4/b", new String[] {"r4/b"}, T0, b, b.eventId(), new String[] {"b"}, d);
        n.edge(NODE, "r1/a", "r4/b", d);
        String root = components.keySet().iterator().next();
        n.flush(NODE, root, d);
        assertThat(documentErased).containsExactly(2);
        assertThat(components.get(root).whole.count).as("the version still counts them").isEqualTo(3);

        n.part(NODE, "r1/a", new String[0], T0 | T1, a, a.eventId(), new String[] {"a2"}, d); // an edge above: handed up
        assertThat(handedErased.get(handedErased.size() - 1)).containsExactlyInAnyOrder("a2", "b");

        n.close(NODE, root, n.expiring(root, Long.MAX_VALUE - 1), d);
        assertThat(erased).isEmpty();
    }
}
