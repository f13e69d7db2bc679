package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HotErasuresTest {

    @Test
    void entriesAreTheCurrentKeysAndAnEmptyListIsNoEntry() {
        HotErasures e = new HotErasures();
        e.at("r1");
        e.put("r1/a", new String[] {"x"});
        e.at("r2");
        assertThat(e.get("r1/a")).isNull();
        e.put("r1/a", new String[0]);
        assertThat(e.snapshot()).hasSize(1);
        e.at("r1");
        assertThat(e.get("r1/a")).containsExactly("x");
        e.remove("r1/a");
        assertThat(e.snapshot()).isEmpty();
    }

    @Test
    void aRestoreKeepsTheEntriesOfTheKeysTheTaskOwns() {
        HotErasures e = new HotErasures();
        e.at("r1");
        e.put("r1/a", new String[] {"x", "y"});
        e.at("r2");
        e.put("r2/b", new String[] {"z"});
        List<String> lines = e.snapshot();

        HotErasures restored = new HotErasures();
        restored.restore(lines, key -> key.equals("r1"));
        restored.at("r1");
        assertThat(restored.get("r1/a")).containsExactly("x", "y");
        restored.at("r2");
        assertThat(restored.get("r2/b")).isNull();
    }

    @Test
    void anIdIsAddedOnceAndListsJoin() {
        String[] ids = HotErasures.adding(null, "x");
        assertThat(ids).containsExactly("x");
        assertThat(HotErasures.adding(ids, "x")).isNull();
        assertThat(HotErasures.joined(ids, HotErasures.adding(ids, "y"))).containsExactly("x", "x", "y");
        assertThat(HotErasures.joined(null, ids)).containsExactly("x");
        assertThat(HotErasures.size(null)).isZero();
    }
}
