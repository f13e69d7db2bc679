package com.snapmap.testkit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A real MongoDB wire-protocol server (mongo-java-server) on a loopback port: the official driver
 * and the Flink MongoDB connector talk to it as to a mongod. In memory, or in an H2 file when it
 * must survive a restart. It has no geo query operators (see DESIGN.md §4).
 */
public final class EmbeddedMongo implements AutoCloseable {

    private MongoServer server;
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
        server = new MongoServer(h2File == null ? new MemoryBackend() : new H2Backend(h2File.toString()));
        server.bind("127.0.0.1", port);
        address = server.getLocalAddress();
        return this;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }
}
