package com.snapmap.testkit;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A real MongoDB wire-protocol server (mongo-java-server) on a loopback port: the official driver
 * and the Flink MongoDB connector talk to it as to a mongod. In memory, or in an H2 file when it
 * must survive a restart. It has no geo query operators (see docs/ARCHITECTURE.md).
 *
 * <p>Its indexes serve queries as a mongod's would where our writes depend on it (see {@link
 * IndexPlanner}): a query that pins {@code _id}, or a field with a single-field unique index, by
 * equality or {@code $in} is answered from that index even with other conditions beside it (the
 * guarded {@code updateOne}/{@code replaceOne} by {@code _id}); a plain single-field index such as
 * {@code clusterLabel} or {@code eventId} is a real index, answering equality and {@code $in} on
 * its field with or without other conditions. Compound, 2dsphere and TTL indexes are listed but
 * serve nothing, and range queries scan, as the library has them (nor are TTL indexes ever
 * applied). Every candidate an index yields is still checked against the whole query.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private MongoServer server;
    private MongoBackend backend;
    private InetSocketAddress address;

    public EmbeddedMongo start() {
        return start(null);
    }

    /** @param h2File the H2 database file to persist to, or null for memory */
    public EmbeddedMongo start(Path h2File) {
        return start(h2File, FreePorts.next());
    }

    /** @param h2File the H2 database file to persist to, or null for memory; @param port loopback port */
    public EmbeddedMongo start(Path h2File, int port) {
        return start(h2File, port, e -> {});
    }

    /** As {@link #start(Path, int)}; {@code onStoreFailure} is told when the H2 file can no longer be written. */
    public EmbeddedMongo start(Path h2File, int port, Consumer<RuntimeException> onStoreFailure) {
        backend = h2File == null ? new IndexedMemoryBackend() : new IndexedH2Backend(h2File.toString()).onStoreFailure(onStoreFailure);
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        address = server.getLocalAddress();
        return this;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    /** The operations the server applied (in memory only: an H2 file server does not count). */
    public AppliedOperations applied() {
        if (backend instanceof IndexedMemoryBackend m) {
            return m.applied();
        }
        throw new IllegalStateException("only the in-memory server counts the operations it applies");
    }

    /** For tests in this package: the backend, to look at its indexes. */
    MongoBackend backend() {
        return backend;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
            server = null;
            backend = null;
        }
    }
}
