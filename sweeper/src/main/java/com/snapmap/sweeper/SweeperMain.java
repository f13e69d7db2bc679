package com.snapmap.sweeper;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.snapmap.core.cluster.LinkRule;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./snapmap sweep}: runs one sweep and prints what it did. Plain Java rather than a Flink
 * batch job: the work is a scan of the (few) orphans plus indexed look-ups around each, which the
 * MongoDB source connector cannot express (no per-record look-ups) and which needs no parallelism;
 * schedule it with cron or a Kubernetes CronJob.
 */
public final class SweeperMain {

    private static final Set<String> KEYS = Set.of("mongo.uri", "mongo.database", "kafka.bootstrap-servers",
            "kafka.topic.uploads", "grace-s", "horizon-s", "radius-m", "window-s");

    private SweeperMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String k = args[i].replaceFirst("^--", "");
            if (!KEYS.contains(k) || i + 1 >= args.length) {
                System.err.println("snapmap sweep: unknown flag or missing value '" + args[i] + "' (known: --" + String.join(", --", KEYS) + ")");
                System.exit(2);
            }
            a.put(k, args[i + 1]);
        }
        for (String required : new String[] {"mongo.uri", "kafka.bootstrap-servers"}) {
            if (!a.containsKey(required)) {
                System.err.println("snapmap sweep: --" + required + " is required");
                System.exit(2);
            }
        }
        SweeperConfig config = new SweeperConfig(a.getOrDefault("mongo.database", "snapmap"),
                a.getOrDefault("kafka.topic.uploads", "photo-uploads"),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("grace-s", "600"))),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("horizon-s", "3300"))),
                new LinkRule(Double.parseDouble(a.getOrDefault("radius-m", "50")),
                        Long.parseLong(a.getOrDefault("window-s", "300")) * 1000));
        try (MongoClient mongo = MongoClients.create(a.get("mongo.uri"));
                KafkaUploadRedriver redriver = new KafkaUploadRedriver(a.get("kafka.bootstrap-servers"), config.uploadsTopic())) {
            SweepReport r = new Sweeper(mongo.getDatabase(config.database()), redriver, config, Clock.systemUTC()).sweepOnce();
            System.out.println("sweep: " + r);
        }
    }
}
