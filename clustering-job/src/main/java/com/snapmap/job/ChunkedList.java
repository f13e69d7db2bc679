package com.snapmap.job;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Lists of values kept in an {@link EntryStore} (keyed map state) in chunks of at most
 * {@link #size} values: chunk {@code c} of list {@code L} is the entry {@code L + separator + c}.
 * A list that grows then rewrites one small chunk, not itself whole, however long it is.
 *
 * <p>A list is filled one of two ways, and read the same way it was filled:
 * <ul>
 *   <li><b>packed</b> ({@link #append}): every chunk full but the last, which an append rewrites
 *       until it is full. Its count follows from its chunks ({@link #count}), so the caller may
 *       keep it or not.
 *   <li><b>in whole chunks</b> ({@link #put}): each chunk written once, holding at most
 *       {@link #size} values; the list is read by listing the key's entries ({@link #forEach}).
 * </ul>
 *
 * <p>A chunk the caller's count says is there and the store does not hold means the state is
 * broken: reading it fails loudly rather than lose part of a list.
 *
 * @param <T> the values; a chunk is stored as a {@code T[]}
 */
final class ChunkedList<T> {

    /** One stored chunk, as {@link #forEach} hands it over. */
    interface ChunkVisitor<T> {
        void chunk(String list, int c, T[] values) throws Exception;
    }

    private final EntryStore<T[]> store;
    private final String separator;
    private final int size;
    private final T[] none;

    /**
     * @param separator between a list's name and a chunk's number; a list's name may hold it too
     * @param size values per chunk at most; part of the stored layout
     * @param newArray makes the stored arrays
     */
    ChunkedList(EntryStore<T[]> store, String separator, int size, IntFunction<T[]> newArray) {
        if (size < 1) {
            throw new IllegalArgumentException("a chunk holds at least one value, not " + size);
        }
        this.store = store;
        this.separator = separator;
        this.size = size;
        this.none = newArray.apply(0);
    }

    /** Values per chunk at most. */
    int size() {
        return size;
    }

    /** The entry that holds chunk {@code c} of {@code list}. */
    String entry(String list, int c) {
        return list + separator + c;
    }

    /**
     * Appends {@code more} to a packed list of {@code count} values, writing only the chunks that
     * change; returns the list's last chunk as written.
     *
     * @param last the list's last chunk if the caller holds it (saves a read), else null
     */
    @SafeVarargs
    final T[] append(String list, int count, T[] last, T... more) throws Exception {
        T[] chunk = count % size == 0 ? none : last != null ? last : chunk(list, count / size);
        int n = count;
        int i = 0;
        while (i < more.length) {
            int filled = n % size;
            int take = Math.min(size - filled, more.length - i);
            T[] grown = Arrays.copyOf(filled == 0 ? none : chunk, filled + take);
            System.arraycopy(more, i, grown, filled, take);
            store.put(entry(list, n / size), grown);
            chunk = grown;
            i += take;
            n += take;
        }
        return chunk;
    }

    /** Values {@code from} (inclusive) to {@code count} of a packed list of {@code count}. */
    T[] read(String list, int count, int from) throws Exception {
        T[] out = Arrays.copyOf(none, Math.max(count - from, 0));
        for (int c = from / size; c * size < count; c++) {
            T[] chunk = chunk(list, c);
            int start = Math.max(from - c * size, 0);
            System.arraycopy(chunk, start, out, c * size + start - from, chunk.length - start);
        }
        return out;
    }

    /** How many values a packed list holds: its chunks until one that is not full. */
    int count(String list) throws Exception {
        int n = 0;
        T[] chunk;
        while ((chunk = store.get(entry(list, n / size))) != null) {
            n += chunk.length;
            if (chunk.length < size) {
                break;
            }
        }
        return n;
    }

    /** Removes a packed list of {@code count} values. */
    void remove(String list, int count) throws Exception {
        removeChunks(list, (count + size - 1) / size);
    }

    /** Writes chunk {@code c} of a list filled in whole chunks. */
    void put(String list, int c, T[] values) throws Exception {
        if (values.length > size) {
            throw new IllegalArgumentException(values.length + " values for a chunk of " + size);
        }
        store.put(entry(list, c), values);
    }

    /** Removes chunks 0 to {@code chunks - 1} of a list. */
    void removeChunks(String list, int chunks) throws Exception {
        for (int c = 0; c < chunks; c++) {
            store.remove(entry(list, c));
        }
    }

    /** Hands every chunk of every list of the current key to {@code visitor}, in no particular order. */
    void forEach(ChunkVisitor<T> visitor) throws Exception {
        for (var e : store.entries()) {
            String k = e.getKey();
            int at = k.lastIndexOf(separator);
            visitor.chunk(k.substring(0, at), Integer.parseInt(k.substring(at + separator.length())), e.getValue());
        }
    }

    private T[] chunk(String list, int c) throws Exception {
        T[] chunk = store.get(entry(list, c));
        if (chunk == null) {
            throw new IllegalStateException("chunk " + c + " of list " + list + " is missing from state");
        }
        return chunk;
    }
}
