package com.snapmap.bench;

import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;

/** Counts the keyBy edges of a built graph, so the floor follows the graph as it changes. */
public final class KeyedShuffles {

    private KeyedShuffles() {}

    public static int count(StreamGraph graph) {
        int n = 0;
        for (StreamNode node : graph.getStreamNodes()) {
            for (StreamEdge e : node.getInEdges()) {
                if (e.getPartitioner() instanceof KeyGroupStreamPartitioner) {
                    n++;
                }
            }
        }
        return n;
    }
}
