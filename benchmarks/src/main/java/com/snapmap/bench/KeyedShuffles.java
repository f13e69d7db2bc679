package com.snapmap.bench;

import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;

/**
 * Counts the keyed stages of a built graph (operators fed through a keyBy), so the floor follows
 * the graph as it changes. A stage fed by a union of two keyed streams is one shuffle, not two.
 */
public final class KeyedShuffles {

    private KeyedShuffles() {}

    public static int count(StreamGraph graph) {
        int n = 0;
        for (StreamNode node : graph.getStreamNodes()) {
            if (node.getInEdges().stream().map(StreamEdge::getPartitioner).anyMatch(p -> p instanceof KeyGroupStreamPartitioner)) {
                n++;
            }
        }
        return n;
    }
}
