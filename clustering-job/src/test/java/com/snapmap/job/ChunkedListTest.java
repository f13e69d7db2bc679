package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkedListTest {

    private final Map<String, String[]> map = new HashMap<>();
    /** Every get and put the list made, as "get entry" / "put entry". */
    private final List<String> accesses = new ArrayList<>();
    private final ChunkedList<String> lists = new ChunkedList<>(recorded(), "/", 4, String[]::new);

    private EntryStore<String[]> recorded() {
        EntryStore<String[]> inner = EntryStore.inMemory(map);
        return new EntryStore<>() {
            @Override
            public String[] get(String entry) throws Exception {
                accesses.add("get " + entry);
                return inner.get(entry);
            }

            @Override
            public void put(String entry, String[] value) throws Exception {
                accesses.add("put " + entry);
                inner.put(entry, value);
            }

            @Override
            public void remove(String entry) throws Exception {
                inner.remove(entry);
            }

            @Override
            public Iterable<Map.Entry<String, String[]>> entries() throws Exception {
                return inner.entries();
            }
        };
    }

    private static String[] values(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "v" + i).toArray(String[]::new);
    }

    @Test
    void aPackedListIsStoredFullChunksFirstUnderListSeparatorNumber() throws Exception {
        lists.append("600000", 0, null, values(0, 3));
        lists.append("600000", 3, null, values(3, 10));
        assertThat(map).containsOnlyKeys("600000/0", "600000/1", "600000/2");
        assertThat(map.get("600000/0")).containsExactly(values(0, 4));
        assertThat(map.get("600000/1")).containsExactly(values(4, 8));
        assertThat(map.get("600000/2")).containsExactly(values(8, 10));
    }

    @Test
    void anAppendRewritesOnlyTheLastChunkAndWritesTheNewOnes() throws Exception {
        lists.append("l", 0, null, values(0, 6));
        accesses.clear();
        lists.append("l", 6, null, values(6, 11));
        assertThat(accesses).containsExactly("get l/1", "put l/1", "put l/2");
    }

    @Test
    void anAppendGivenTheLastChunkReadsNothing() throws Exception {
        String[] last = lists.append("l", 0, null, values(0, 2));
        accesses.clear();
        assertThat(lists.append("l", 2, last, "v2")).containsExactly(values(0, 3));
        assertThat(accesses).containsExactly("put l/0");
    }

    @Test
    void aPackedListReadsBackFromAnyPosition() throws Exception {
        lists.append("l", 0, null, values(0, 10));
        assertThat(lists.read("l", 10, 0)).containsExactly(values(0, 10));
        assertThat(lists.read("l", 10, 5)).containsExactly(values(5, 10));
        assertThat(lists.read("l", 10, 10)).isEmpty();
    }

    @Test
    void aPackedListIsCountedFromItsChunks() throws Exception {
        assertThat(lists.count("l")).isZero();
        lists.append("l", 0, null, values(0, 8));
        assertThat(lists.count("l")).isEqualTo(8); // two full chunks, the third missing
        lists.append("l", 8, null, values(8, 9));
        assertThat(lists.count("l")).isEqualTo(9);
    }

    @Test
    void removingAPackedListRemovesEachOfItsChunks() throws Exception {
        lists.append("a", 0, null, values(0, 9));
        lists.append("b", 0, null, values(0, 1));
        lists.remove("a", 9);
        assertThat(map).containsOnlyKeys("b/0");
    }

    @Test
    void aChunkMissingFromTheCountedListFailsLoudly() throws Exception {
        lists.append("l", 0, null, values(0, 4));
        assertThatThrownBy(() -> lists.read("l", 6, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chunk 1 of list l");
    }

    @Test
    void wholeChunksAreListedWithTheirListAndNumberEvenWhenTheListNameHoldsTheSeparator() throws Exception {
        lists.put("r1/p0", 0, values(0, 4));
        lists.put("r1/p0", 1, values(4, 5));
        Map<String, String[]> seen = new HashMap<>();
        lists.forEach((list, c, chunk) -> seen.put(list + " " + c, chunk));
        assertThat(seen).containsOnlyKeys("r1/p0 0", "r1/p0 1");
        assertThat(seen.get("r1/p0 1")).containsExactly("v4");
    }

    @Test
    void aWholeChunkLargerThanTheChunkSizeIsRefused() {
        assertThatThrownBy(() -> lists.put("l", 0, values(0, 5))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removingWholeChunksRemovesTheFirstN() throws Exception {
        lists.put("l", 0, values(0, 1));
        lists.put("l", 1, values(1, 2));
        lists.put("l", 2, values(2, 3));
        lists.removeChunks("l", 2);
        assertThat(map).containsOnlyKeys("l/2");
    }
}
