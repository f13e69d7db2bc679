package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.WriteModel;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class PendingWritesTest {

    /** "id:version" strings keyed by id, the higher version kept, as the event sink's guard does. */
    private static final MongoWrites<String> VERSIONED = new MongoWrites<>() {
        @Override
        public WriteModel<Document> toWrite(String element) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String coalesceKey(String element) {
            return element.substring(0, element.indexOf(':'));
        }

        @Override
        public boolean supersedes(String newer, String pending) {
            return version(newer) >= version(pending);
        }

        private int version(String s) {
            return Integer.parseInt(s.substring(s.indexOf(':') + 1));
        }
    };

    private final PendingWrites<String> writes = new PendingWrites<>(VERSIONED, 1_000);

    /** {@code w} is added and handed over at {@code at}. */
    private void written(String w, long at) {
        writes.add(w, at);
        assertThat(writes.takeBatch(at)).containsExactly(w);
    }

    @Test
    void aFirstWriteIsNotHeld() {
        writes.add("a:1", 0);

        assertThat(writes.takeBatch(200)).containsExactly("a:1");
    }

    @Test
    void aKeyWrittenWithinTheIntervalWaitsForItsEndCoalescingItsChanges() {
        written("a:1", 200);

        writes.add("a:2", 300);
        writes.add("b:1", 300);
        writes.add("a:3", 500);
        assertThat(writes.takeBatch(600)).containsExactly("b:1");
        assertThat(writes.hasHeld()).isTrue();
        assertThat(writes.takeBatch(1_000)).isEmpty();

        assertThat(writes.takeBatch(1_200)).containsExactly("a:3");
        assertThat(writes.hasHeld()).isFalse();
    }

    @Test
    void aHeldWriteTheGuardWouldRefuseDoesNotReplaceTheOneWaiting() {
        written("a:1", 0);

        writes.add("a:5", 100);
        writes.add("a:4", 200);

        assertThat(writes.takeBatch(1_000)).containsExactly("a:5");
    }

    @Test
    void everythingWaitingGoesBeforeACheckpoint() {
        written("a:1", 0);
        writes.add("a:2", 100);
        writes.add("b:1", 100);

        assertThat(writes.takeAll(150)).containsExactlyInAnyOrder("a:2", "b:1");
        assertThat(writes.hasHeld()).isFalse();
        // written at 150: the next change of a waits until 1 150
        writes.add("a:3", 400);
        assertThat(writes.takeBatch(1_100)).isEmpty();
        assertThat(writes.takeBatch(1_150)).containsExactly("a:3");
    }

    @Test
    void aKeyPendingForItsFirstWriteTakesItsChangesAtOnce() {
        writes.add("a:1", 0);
        writes.add("a:2", 50);

        assertThat(writes.takeBatch(200)).containsExactly("a:2");
    }

    @Test
    void withoutAnIntervalNothingIsHeld() {
        PendingWrites<String> each = new PendingWrites<>(VERSIONED, 0);
        each.add("a:1", 0);
        each.takeBatch(0);
        each.add("a:2", 0);

        assertThat(each.takeBatch(0)).containsExactly("a:2");
        assertThat(each.hasHeld()).isFalse();
    }

    @Test
    void writesWithoutAKeyAreNeitherHeldNorCoalesced() {
        PendingWrites<String> plain = new PendingWrites<>(new MongoWrites<>() {
            @Override
            public WriteModel<Document> toWrite(String element) {
                throw new UnsupportedOperationException();
            }
        }, 1_000);
        plain.add("x", 0);
        plain.takeBatch(0);
        plain.add("x", 10);
        plain.add("x", 20);

        assertThat(plain.takeBatch(30)).isEqualTo(List.of("x", "x"));
    }
}
