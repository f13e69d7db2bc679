package com.snapmap.testkit;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Runs each command of the MongoDB-wire server under a lock and answers with a copy of its reply
 * taken before the lock is let go.
 *
 * <p>The library keeps a collection's documents as live objects, changes them in place on an
 * update (under the collection's monitor) and answers a read with those very objects; the reply is
 * encoded afterwards on the connection's thread, and an aggregate's stages run outside the monitor
 * too. A read of a document that another connection is updating then walks a map being changed: a
 * ConcurrentModificationException in the encoder (which closes the reader's connection), or a
 * document half old, half new. Here a command that reads one collection takes that collection's
 * read lock, one that writes it its write lock, and anything else (indexes, collections, pipelines
 * over other collections, commands not listed) the whole server's.
 */
final class CommandLocks {

    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "aggregate");
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify");
    /** Commands that read no stored data take no lock: a driver's heartbeat does not wait for a scan. */
    private static final Set<String> FREE = Set.of("hello", "ismaster", "ping", "buildinfo", "whatsmyuri", "endsessions",
            "getlasterror", "serverstatus", "hostinfo", "getcmdlineopts", "connectionstatus", "getparameter");
    /** Stages that read or write another collection than the one the aggregate names. */
    private static final Set<String> OTHER_COLLECTIONS = Set.of("$lookup", "$graphLookup", "$unionWith", "$out", "$merge",
            "$facet");

    private final ReentrantReadWriteLock server = new ReentrantReadWriteLock();
    private final Map<String, ReentrantReadWriteLock> collections = new ConcurrentHashMap<>();
    private final boolean exclusiveWrites;

    /**
     * @param exclusiveWrites every write takes the whole server: for a backend whose writes end in a
     *     store-wide step (the H2 file's commit) that reads every changed document
     */
    CommandLocks(boolean exclusiveWrites) {
        this.exclusiveWrites = exclusiveWrites;
    }

    /** An OP_MSG command of {@code database}; {@code handler} runs it. */
    Document command(String database, Document command, Supplier<Document> handler) {
        String name = command.isEmpty() ? "" : command.keySet().iterator().next();
        String kind = name.toLowerCase(Locale.ROOT);
        if (FREE.contains(kind)) {
            return handler.get();
        }
        boolean read = READS.contains(kind);
        String collection = read || WRITES.contains(kind) ? collectionOf(kind, name, command) : null;
        if (collection == null || (!read && exclusiveWrites)) {
            return exclusively(() -> copy(handler.get()));
        }
        Lock whole = server.readLock();
        whole.lock();
        try {
            ReentrantReadWriteLock rw = collections.computeIfAbsent(database + '.' + collection, c -> new ReentrantReadWriteLock());
            Lock one = read ? rw.readLock() : rw.writeLock();
            one.lock();
            try {
                return copy(handler.get());
            } finally {
                one.unlock();
            }
        } finally {
            whole.unlock();
        }
    }

    /** An OP_QUERY (legacy commands, a driver's first handshake): alone, its documents copied. */
    QueryResult query(Supplier<QueryResult> handler) {
        return exclusively(() -> {
            QueryResult r = handler.get();
            List<Document> copies = new ArrayList<>();
            r.forEach(d -> copies.add(copy(d)));
            return new QueryResult(copies, r.getCursorId());
        });
    }

    private <T> T exclusively(Supplier<T> handler) {
        Lock all = server.writeLock();
        all.lock();
        try {
            return handler.get();
        } finally {
            all.unlock();
        }
    }

    /** The one collection a read or write touches; null when it names none or its pipeline reaches further. */
    private static String collectionOf(String kind, String name, Document command) {
        Object collection = command.get("getmore".equals(kind) ? "collection" : name);
        if (!(collection instanceof String c)) {
            return null;
        }
        if ("aggregate".equals(kind) && command.get("pipeline") instanceof List<?> stages) {
            for (Object stage : stages) {
                if (!(stage instanceof Document d) || d.keySet().stream().anyMatch(OTHER_COLLECTIONS::contains)) {
                    return null;
                }
            }
        }
        return c;
    }

    private static Document copy(Document reply) {
        return reply == null ? null : reply.cloneDeeply();
    }
}
