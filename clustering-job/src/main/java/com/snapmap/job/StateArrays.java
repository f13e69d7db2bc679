package com.snapmap.job;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Small arrays kept as MapState values (POJO arrays serialize without Kryo, unlike lists).
 */
final class StateArrays {

    private StateArrays() {}

    /** {@code arr} with {@code x} appended; a new one-element array when {@code arr} is null. */
    @SuppressWarnings("unchecked")
    static <T> T[] append(T[] arr, T x) {
        T[] out = arr == null ? (T[]) Array.newInstance(x.getClass(), 1) : Arrays.copyOf(arr, arr.length + 1);
        out[out.length - 1] = x;
        return out;
    }
}
