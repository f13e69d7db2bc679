package com.snapmap.job.cold;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.model.EventDocument;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The adapter through Flink's harness, on heap and on RocksDB: what reaches the feed, and what its state keeps over a restore. */
class HotFeedFilterFunctionTest {

    private static KeyedTwoInputStreamOperatorTestHarness<String, EventDocument, EventDocument, EventDocument> harness(
            boolean rocksDb, OperatorSubtaskState restoreFrom) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new HotFeedFilterFunction()),
                (EventDocument d) -> d.eventId, (EventDocument d) -> d.eventId, TypeInformation.of(String.class));
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private static StreamRecord<EventDocument> doc(String id, long version) {
        EventDocument d = new EventDocument();
        d.eventId = id;
        d.version = version;
        return new StreamRecord<>(d);
    }

    private static List<String> feed(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, EventDocument> h) {
        return h.extractOutputValues().stream().map(d -> d.eventId + "@" + d.version).toList();
    }

    /** The events that hold state (heap and RocksDB alike, unlike the harness's entry count). */
    @SuppressWarnings("unchecked")
    private static List<String> eventsWithState(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h) {
        KeyedStateBackend<String> backend = (KeyedStateBackend<String>) (KeyedStateBackend<?>)
                ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(HotFeedFilterFunction.STATE, VoidNamespace.INSTANCE)) {
            return keys.toList();
        }
    }

    @ParameterizedTest(name = "RocksDB {0}")
    @ValueSource(booleans = {false, true})
    void theHotPathsRecordsOfAnEventStopAtTheColdPathsVersionAndOtherEventsPass(boolean rocksDb) throws Exception {
        try (var h = harness(rocksDb, null)) {
            h.processElement1(doc("j", 2)); // before the cold path took it over: on the feed, first
            h.processElement2(doc("j", 4));
            h.processElement1(doc("j", 3)); // the hot path's closed version, after the cold one
            h.processElement1(doc("j", 4));
            h.processElement1(doc("live", 1));
            h.processElement2(doc("c", 5)); // a tombstone the cold path wrote
            h.processElement1(doc("c", 3));
            h.processElement1(doc("j", 5));

            assertThat(feed(h)).containsExactly("j@2", "j@4", "live@1", "c@5", "j@5");
            assertThat(eventsWithState(h)).as("one entry per event the cold path emitted, none per hot one")
                    .containsExactlyInAnyOrder("j", "c");
        }
    }

    @ParameterizedTest(name = "RocksDB {0}")
    @ValueSource(booleans = {false, true})
    void aRestoredFilterStillHoldsBackTheHotPathsLowerVersions(boolean rocksDb) throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(rocksDb, null)) {
            h.processElement2(doc("j", 4));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(rocksDb, snapshot)) {
            h.processElement1(doc("j", 3));
            h.processElement1(doc("k", 3));

            assertThat(feed(h)).containsExactly("k@3");
        }
    }
}
