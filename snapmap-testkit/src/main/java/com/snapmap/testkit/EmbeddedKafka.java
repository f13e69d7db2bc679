package com.snapmap.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), in this JVM, on
 * loopback ports. Transactions work (replication factor 1 for the internal topics), so
 * exactly-once producers and {@code read_committed} consumers can be tested against it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private Path logDir;
    private KafkaRaftServer server;
    private int port;
    private boolean ownsDir;

    /** Starts a fresh broker with its data in a temporary directory deleted on close. */
    public EmbeddedKafka start() {
        try {
            return start(Files.createTempDirectory("kafka-kraft-"), true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the broker's log directory", e);
        }
    }

    /** Starts a broker on {@code dir}, keeping it (the local stack's data). */
    public EmbeddedKafka start(Path dir, boolean deleteOnClose) {
        return start(dir, deleteOnClose, FreePorts.next(), FreePorts.next());
    }

    /** Starts a broker on {@code dir} on the given ports (a restarted broker must come back where its clients look). */
    public EmbeddedKafka start(Path dir, boolean deleteOnClose, int port, int controllerPort) {
        // A broker that hits a fatal error calls Exit, which would kill the whole test JVM silently.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("embedded Kafka wanted to exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("embedded Kafka wanted to halt(" + code + "): " + message);
        });
        this.logDir = dir;
        this.ownsDir = deleteOnClose;
        this.port = port;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("transaction.max.timeout.ms", "900000");
        p.put("log.flush.interval.messages", "1");
        try {
            if (!Files.exists(dir.resolve("meta.properties"))) {
                Path config = Files.createTempFile("kraft", ".properties");
                try (var w = Files.newBufferedWriter(config)) {
                    p.store(w, null);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int rc = StorageTool.execute(new String[] {"format", "-t", UUID.randomUUID().toString().substring(0, 22).replace("-", "A"),
                        "-c", config.toString(), "--ignore-formatted"}, new PrintStream(out, true, StandardCharsets.UTF_8));
                Files.deleteIfExists(config);
                if (rc != 0) {
                    throw new IllegalStateException("formatting the KRaft storage failed: " + out);
                }
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            server.startup();
            awaitReady(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker", e);
        }
        return this;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get().isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = new IllegalStateException(e);
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("the embedded Kafka broker did not become ready in " + timeout, last);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return Admin.create(p);
    }

    public void createTopics(int partitions, String... topics) {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            admin.createTopics(newTopics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + List.of(topics), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (ownsDir && logDir != null) {
            Directories.deleteTree(logDir);
        }
    }
}
