package com.snapmap.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnionFindTest {

    @Test
    void unitesTransitively() {
        UnionFind<String> uf = new UnionFind<>();
        uf.union("a", "b");
        uf.union("c", "d");
        assertThat(uf.find("a")).isEqualTo(uf.find("b")).isNotEqualTo(uf.find("c"));
        uf.union("b", "d");
        assertThat(uf.find("a")).isEqualTo(uf.find("c"));
        assertThat(uf.find("e")).isEqualTo("e");
        assertThat(uf.size()).isEqualTo(5);
    }

    @Test
    void longChainsCompress() {
        UnionFind<Integer> uf = new UnionFind<>();
        for (int i = 1; i < 100_000; i++) {
            uf.union(i - 1, i);
        }
        assertThat(uf.find(0)).isEqualTo(uf.find(99_999));
    }
}
