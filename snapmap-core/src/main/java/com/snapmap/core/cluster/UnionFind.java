package com.snapmap.core.cluster;

import java.util.HashMap;
import java.util.Map;

/** Disjoint sets over arbitrary keys, with path compression and union by size. */
public final class UnionFind<T> {

    private final Map<T, T> parent = new HashMap<>();
    private final Map<T, Integer> size = new HashMap<>();

    /** Adds {@code x} as a singleton if unknown. */
    public void add(T x) {
        if (!parent.containsKey(x)) {
            parent.put(x, x);
            size.put(x, 1);
        }
    }

    public boolean contains(T x) {
        return parent.containsKey(x);
    }

    public T find(T x) {
        add(x);
        T root = x;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        while (!x.equals(root)) { // compress the path
            T next = parent.get(x);
            parent.put(x, root);
            x = next;
        }
        return root;
    }

    /** Unites the sets of a and b; returns the new root. */
    public T union(T a, T b) {
        T ra = find(a);
        T rb = find(b);
        if (ra.equals(rb)) {
            return ra;
        }
        int sa = size.get(ra);
        int sb = size.get(rb);
        if (sa < sb) {
            T t = ra;
            ra = rb;
            rb = t;
        }
        parent.put(rb, ra);
        size.put(ra, sa + sb);
        size.remove(rb);
        return ra;
    }

    public int size() {
        return parent.size();
    }

    public Iterable<T> elements() {
        return parent.keySet();
    }
}
