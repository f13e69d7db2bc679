package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyedUnionFindTest {

    private final Map<String, String> parents = new HashMap<>();
    private final KeyedUnionFind forest = new KeyedUnionFind(EntryStore.inMemory(parents), false);

    @Test
    void aLabelNeverSeenIsItsOwnRootAndWritesNothing() throws Exception {
        assertThat(forest.find("a")).isEqualTo("a");
        assertThat(parents).isEmpty();
    }

    @Test
    void theLargerSetKeepsItsRootAndOnlyTheAbsorbedRootGetsAnEntry() throws Exception {
        KeyedUnionFind.Union u = forest.union("a", 1, "b", 3);
        assertThat(u).isEqualTo(new KeyedUnionFind.Union("b", "a"));
        assertThat(parents).containsExactly(Map.entry("a", "b"));
    }

    @Test
    void aTieKeepsTheFirstRoot() throws Exception {
        assertThat(forest.union("a", 2, "b", 2)).isEqualTo(new KeyedUnionFind.Union("a", "b"));
    }

    @Test
    void theSameRootTwiceIsNoUnion() throws Exception {
        assertThat(forest.union("a", 1, "a", 1)).isNull();
        assertThat(parents).isEmpty();
    }

    @Test
    void findPointsEveryLabelOnThePathAtTheRoot() throws Exception {
        parents.putAll(Map.of("c", "b", "b", "a"));
        assertThat(forest.find("c")).isEqualTo("a");
        assertThat(parents).containsEntry("c", "a").containsEntry("b", "a").doesNotContainKey("a");
    }

    @Test
    void aRootThatIsItsOwnParentAsInStateV1ReadsAsARoot() throws Exception {
        parents.putAll(Map.of("a", "a", "b", "a"));
        assertThat(forest.find("b")).isEqualTo("a");
        assertThat(forest.find("a")).isEqualTo("a");
        assertThat(parents).containsExactlyInAnyOrderEntriesOf(Map.of("a", "a", "b", "a"));
    }

    @Test
    void forgettingASetRemovesItsLabelsEntries() throws Exception {
        forest.union("a", 1, "b", 1);
        forest.forget("a", new String[] {"a", "b"});
        assertThat(parents).isEmpty();
    }

    @Test
    void forgettingASetOfAV1ForestRemovesItsRootsSelfEntryToo() throws Exception {
        parents.putAll(Map.of("a", "a", "b", "a"));
        new KeyedUnionFind(EntryStore.inMemory(parents), true).forget("a", new String[] {"a", "b"});
        assertThat(parents).isEmpty();
    }
}
