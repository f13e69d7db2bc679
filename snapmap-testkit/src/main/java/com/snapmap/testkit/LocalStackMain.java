package com.snapmap.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./snapmap stack}: the local stack's infrastructure on one machine with nothing installed
 * (DESIGN.md §5): a KRaft Kafka broker and a MongoDB-wire server (H2 file), both keeping their data
 * under the given directory across restarts, with the topics the job uses, and the Azurite blob
 * emulator when its npm package is installed (args: dir, partitions, path of Azurite's blob main.js). Prints the settings the
 * job, gateway and sweeper need, then runs until interrupted.
 */
public final class LocalStackMain {

    public static final String[] TOPICS = {"photo-uploads", "photo-uploads-dlq", "event-updates"};

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args.length > 0 ? args[0] : ".snapmap/stack").toAbsolutePath();
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Files.createDirectories(dir.resolve("kafka"));
        EmbeddedKafka kafka = new EmbeddedKafka().start(dir.resolve("kafka"), false);
        kafka.createTopics(partitions, TOPICS[0]);
        kafka.createTopics(1, TOPICS[1], TOPICS[2]);
        EmbeddedMongo mongo = new EmbeddedMongo().start(dir.resolve("mongo.h2"));
        // Azurite when its npm package is installed (blobs live in a temporary folder).
        Azurite azurite = args.length > 2 && Files.isRegularFile(Paths.get(args[2])) ? new Azurite(Paths.get(args[2])).start() : null;
        Path env = dir.resolve("stack.env");
        Files.writeString(env, "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers() + "\nMONGO_URI=" + mongo.connectionString() + "\n"
                + (azurite == null ? "" : "AZURE_STORAGE_CONNECTION_STRING='" + azurite.connectionString() + "'\n"));
        System.out.println("local stack up (data in " + dir + ", settings in " + env + ")");
        System.out.println("  --kafka.bootstrap-servers " + kafka.bootstrapServers() + " --mongo.uri " + mongo.connectionString());
        CountDownLatch stop = new CountDownLatch(1);
        if (azurite != null) {
            System.out.println("  Azurite blob endpoint " + azurite.blobEndpoint());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (azurite != null) {
                azurite.close();
            }
            mongo.close();
            kafka.close();
            stop.countDown();
        }, "stack-shutdown"));
        stop.await();
    }
}
