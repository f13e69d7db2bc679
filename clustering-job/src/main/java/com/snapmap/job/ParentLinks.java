package com.snapmap.job;

import org.apache.flink.api.common.state.MapState;

/**
 * The find of a union–find kept as label → parent entries in keyed state, shared by the region
 * registry and the border merge. A root is a label without a parent entry or its own parent.
 */
final class ParentLinks {

    private ParentLinks() {}

    /**
     * The root above {@code label}, whose parent entry {@code up} (not {@code label} itself) the
     * caller has read; labels on the way that do not point at the root yet are pointed at it, and
     * one that does is not written again.
     */
    static String rootAbove(MapState<String, String> parent, String label, String up) throws Exception {
        String root = up;
        String next;
        while ((next = parent.get(root)) != null && !next.equals(root)) {
            root = next;
        }
        while (!up.equals(root)) { // path compression
            parent.put(label, root);
            label = up;
            up = parent.get(label);
        }
        return root;
    }
}
