package com.snapmap.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.utils.Exit;

/**
 * The servers the system needs on one machine with nothing installed (docs/ARCHITECTURE.md), data kept
 * under the given directory across restarts.
 *
 * <ul>
 *   <li>{@code DIR [PARTITIONS] [AZURITE_MAIN_JS]} ({@code ./snapmap servers}): a KRaft Kafka broker
 *       with the job's topics, a MongoDB-wire server (H2 file) and Azurite when its npm package is
 *       installed, all in this JVM; prints the settings, runs until interrupted.
 *   <li>{@code kafka DIR PORT CONTROLLER_PORT PARTITIONS} and {@code mongo H2_FILE PORT}
 *       ({@code ./snapmap up}): one service per process, on fixed ports, so a supervisor can kill
 *       and restart each on its own and its clients find it again.
 * </ul>
 */
public final class LocalServersMain {

    /** The contract's topics (testkit cannot depend on snapmap-contract; TopicsTest there keeps them equal). */
    public static final String[] TOPICS = {"photo-uploads", "photo-uploads-dlq", "event-updates"};

    private LocalServersMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("kafka") || args[0].equals("mongo"))) {
            // One service per process: a thread that dies of an error nothing handles ends the
            // process (exit 1), so the supervisor restarts it instead of keeping a zombie.
            Thread.setDefaultUncaughtExceptionHandler((t, e) -> fatal("thread " + t.getName() + " died", e));
        }
        try {
            switch (args.length > 0 ? args[0] : "") {
                case "kafka" -> kafka(args);
                case "mongo" -> mongo(args);
                default -> all(args);
            }
        } catch (RuntimeException e) {
            System.err.println("snapmap servers: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void kafka(String[] args) throws Exception {
        expect(args, 5, "kafka DIR PORT CONTROLLER_PORT PARTITIONS");
        Path dir = Paths.get(args[1]).toAbsolutePath();
        Files.createDirectories(dir);
        EmbeddedKafka kafka = new EmbeddedKafka().start(dir, false, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        // Its own process: a fatal broker error ends it, and the supervisor restarts it.
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
        createTopics(kafka, Integer.parseInt(args[4]));
        System.out.println("kafka ready on " + kafka.bootstrapServers() + " (data in " + dir + ")");
        runUntilStopped(kafka::close);
    }

    private static void mongo(String[] args) throws Exception {
        expect(args, 3, "mongo H2_FILE PORT");
        Path file = Paths.get(args[1]).toAbsolutePath();
        Files.createDirectories(file.getParent());
        // A file that can no longer be written (disk full, store closed) ends the process: the
        // supervisor restarts it, and the restart reopens the file or says why it cannot.
        EmbeddedMongo mongo = new EmbeddedMongo().start(file, Integer.parseInt(args[2]), e -> fatal("the H2 file failed", e));
        System.out.println("mongo ready on " + mongo.connectionString() + " (data in " + file + ")");
        runUntilStopped(mongo::close);
    }

    private static void all(String[] args) throws Exception {
        Path dir = Paths.get(args.length > 0 ? args[0] : ".snapmap/servers").toAbsolutePath();
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Files.createDirectories(dir.resolve("kafka"));
        EmbeddedKafka kafka = new EmbeddedKafka().start(dir.resolve("kafka"), false);
        createTopics(kafka, partitions);
        EmbeddedMongo mongo = new EmbeddedMongo().start(dir.resolve("mongo.h2"));
        // Azurite when its npm package is installed (blobs live in a temporary folder).
        Azurite azurite = args.length > 2 && Files.isRegularFile(Paths.get(args[2])) ? new Azurite(Paths.get(args[2])).start() : null;
        Path env = dir.resolve("servers.env");
        Files.writeString(env, "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers() + "\nMONGO_URI=" + mongo.connectionString() + "\n"
                + (azurite == null ? "" : "AZURE_STORAGE_CONNECTION_STRING='" + azurite.connectionString() + "'\n"));
        System.out.println("local stack up (data in " + dir + ", settings in " + env + ")");
        System.out.println("  --kafka.bootstrap-servers " + kafka.bootstrapServers() + " --mongo.uri " + mongo.connectionString());
        if (azurite != null) {
            System.out.println("  Azurite blob endpoint " + azurite.blobEndpoint());
        }
        runUntilStopped(() -> {
            if (azurite != null) {
                azurite.close();
            }
            mongo.close();
            kafka.close();
        });
    }

    private static void createTopics(EmbeddedKafka kafka, int partitions) {
        kafka.createTopics(partitions, TOPICS[0]);
        kafka.createTopics(1, TOPICS[1], TOPICS[2]);
    }

    /** Blocks until SIGTERM / Ctrl-C, then closes cleanly (H2 and the broker's logs flushed). */
    private static void runUntilStopped(Runnable close) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stop.countDown();
        }, "stack-shutdown"));
        stop.await();
    }

    /** Ends the process at once: no shutdown hook, which would wait on what just broke. */
    private static void fatal(String what, Throwable e) {
        System.err.println("snapmap servers: " + what + ": " + e);
        e.printStackTrace();
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }

    private static void expect(String[] args, int n, String usage) {
        if (args.length != n) {
            throw new IllegalArgumentException("usage: LocalServersMain " + usage);
        }
    }
}
