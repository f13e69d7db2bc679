package com.snapmap.bench;

import com.snapmap.job.ClusteringGraph;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;

/**
 * Counts the keyed stages of a built graph (operators fed through a keyBy), so the floor follows
 * the graph as it changes. A stage fed by a union of two keyed streams is one shuffle, not two.
 * The tiers of the border merge count as one stage: no photo's own record goes through them, and a
 * border fact goes up only as far as its event reaches (most stop at the first).
 */
public final class KeyedShuffles {

    private KeyedShuffles() {}

    public static int count(StreamGraph graph) {
        int n = 0;
        boolean borderMerge = false;
        for (StreamNode node : graph.getStreamNodes()) {
            if (node.getInEdges().stream().map(StreamEdge::getPartitioner).anyMatch(p -> p instanceof KeyGroupStreamPartitioner)) {
                if (node.getOperatorName().startsWith(ClusteringGraph.BORDER_MERGE_NAME)) {
                    borderMerge = true;
                } else {
                    n++;
                }
            }
        }
        return borderMerge ? n + 1 : n;
    }
}
