package com.snapmap.job.prod;

import com.snapmap.job.ClusteringConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the production job, read from {@code --key value} arguments (and optionally a
 * {@code --config file.properties} whose keys the arguments override). Every key, its default and
 * meaning is listed in {@link #KEYS}; a bad or missing value fails at start with a message naming
 * the key.
 */
public final class JobSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** key → {default (null: required), meaning}. */
    public static final Map<String, String[]> KEYS = new LinkedHashMap<>();

    static {
        key("kafka.bootstrap-servers", null, "Kafka bootstrap servers, host:port[,host:port]");
        key("kafka.topic.uploads", "photo-uploads", "topic of upload events (input)");
        key("kafka.topic.dlq", "photo-uploads-dlq", "topic for records that fail to parse or validate");
        key("kafka.topic.event-updates", "event-updates", "topic of the event document change feed");
        key("kafka.group-id", "snapmap-clustering", "consumer group; offsets are committed on checkpoints");
        key("kafka.starting-offsets", "committed", "committed (earliest when none) | earliest (replay) | latest");
        key("kafka.transactional-id-prefix", "snapmap-clustering", "prefix of the exactly-once producers' transactional ids");
        key("kafka.transaction-timeout-ms", "900000", "producer transaction timeout; <= the broker's transaction.max.timeout.ms");
        key("mongo.uri", null, "MongoDB connection string");
        key("mongo.database", "snapmap", "MongoDB database holding photos and events");
        key("mongo.batch-size", "1000", "writes per MongoDB bulk request");
        key("mongo.batch-interval-ms", "1000", "longest a write waits for its batch");
        key("clustering.radius-m", "50", "link radius R in metres");
        key("clustering.window-s", "300", "link window W in seconds");
        key("clustering.lateness-s", "3600", "allowed lateness; later photos are left to the sweeper");
        key("clustering.out-of-orderness-s", "60", "watermark bound on out-of-order takenAt");
        key("clustering.idleness-s", "30", "a source partition silent this long stops holding the watermark");
        key("clustering.cell-precision", "7", "geohash precision of linker cells");
        key("clustering.max-parallelism", "128", "max parallelism (key groups); fixed for the life of the savepoints");
        key("clustering.max-future-skew-s", "86400", "how far in the future a takenAt may lie");
        key("checkpoint.interval-ms", "30000", "exactly-once checkpoint interval");
        key("restart.attempts", "5", "restarts before the job fails (bounded, never forever)");
        key("restart.delay-ms", "10000", "delay between restarts");
        key("job.name", "snapmap-clustering", "job name shown by Flink");
    }

    private static void key(String name, String dflt, String meaning) {
        KEYS.put(name, new String[] {dflt, meaning});
    }

    private final Map<String, String> values;

    private JobSettings(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code --key value} pairs, {@code --config FILE} first if given. */
    public static JobSettings fromArgs(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --key value, got '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            given.put(a.substring(2), args[++i]);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        String file = given.remove("config");
        if (file != null) {
            merged.putAll(readProperties(Path.of(file)));
        }
        merged.putAll(given);
        return of(merged);
    }

    public static JobSettings of(Map<String, String> given) {
        for (String k : given.keySet()) {
            if (!KEYS.containsKey(k)) {
                throw new IllegalArgumentException("unknown setting '" + k + "' (known: " + String.join(", ", KEYS.keySet()) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        KEYS.forEach((k, spec) -> {
            String v = given.getOrDefault(k, spec[0]);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("missing setting '" + k + "': " + spec[1]);
            }
            values.put(k, v.trim());
        });
        JobSettings s = new JobSettings(values);
        s.validate();
        return s;
    }

    private void validate() {
        String offsets = get("kafka.starting-offsets");
        if (!offsets.equals("committed") && !offsets.equals("earliest") && !offsets.equals("latest")) {
            throw new IllegalArgumentException("setting 'kafka.starting-offsets' must be committed, earliest or latest, got '" + offsets + "'");
        }
        if (!get("mongo.uri").startsWith("mongodb://") && !get("mongo.uri").startsWith("mongodb+srv://")) {
            throw new IllegalArgumentException("setting 'mongo.uri' must start with mongodb:// or mongodb+srv://");
        }
        positive("mongo.batch-size");
        positive("checkpoint.interval-ms");
        positive("kafka.transaction-timeout-ms");
        longValue("restart.attempts");
        longValue("restart.delay-ms");
        clustering(); // validates the clustering keys
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        return v;
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got '" + get(key) + "'");
        }
    }

    private long positive(String key) {
        long v = longValue(key);
        if (v <= 0) {
            throw new IllegalArgumentException("setting '" + key + "' must be > 0, got " + v);
        }
        return v;
    }

    public ClusteringConfig clustering() {
        double radius;
        try {
            radius = Double.parseDouble(get("clustering.radius-m"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting 'clustering.radius-m' must be a number, got '" + get("clustering.radius-m") + "'");
        }
        try {
            return ClusteringConfig.builder()
                    .radiusMeters(radius)
                    .window(Duration.ofSeconds(longValue("clustering.window-s")))
                    .allowedLateness(Duration.ofSeconds(longValue("clustering.lateness-s")))
                    .outOfOrderness(Duration.ofSeconds(longValue("clustering.out-of-orderness-s")))
                    .idleness(Duration.ofSeconds(longValue("clustering.idleness-s")))
                    .cellPrecision((int) longValue("clustering.cell-precision"))
                    .maxParallelism((int) longValue("clustering.max-parallelism"))
                    .maxFutureSkew(Duration.ofSeconds(longValue("clustering.max-future-skew-s")))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting clustering." + e.getMessage(), e);
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The settings as documentation: key, default, meaning. */
    public static String describe() {
        StringBuilder b = new StringBuilder();
        KEYS.forEach((k, spec) -> b.append(String.format("  --%-32s %-20s %s%n", k, spec[0] == null ? "(required)" : spec[0], spec[1])));
        return b.toString();
    }
}
