package com.snapmap.job.prod;

import static org.apache.flink.configuration.ConfigOptions.key;

import com.snapmap.contract.Defaults;
import com.snapmap.contract.Topics;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every setting of the production job, defined once as a Flink {@link ConfigOption} (key, type,
 * default, meaning). {@link JobSettings} turns them into command-line flags; shared defaults come
 * from the contract.
 */
public final class JobOptions {

    public static final ConfigOption<String> KAFKA_BOOTSTRAP = key("kafka.bootstrap-servers").stringType().noDefaultValue()
            .withDescription("Kafka bootstrap servers, host:port[,host:port] (required)");
    public static final ConfigOption<String> TOPIC_UPLOADS = key("kafka.topic.uploads").stringType().defaultValue(Topics.UPLOADS)
            .withDescription("topic of upload events (input)");
    public static final ConfigOption<String> TOPIC_DLQ = key("kafka.topic.dlq").stringType().defaultValue(Topics.UPLOADS_DLQ)
            .withDescription("topic for records that fail to parse or validate");
    public static final ConfigOption<String> TOPIC_EVENT_UPDATES = key("kafka.topic.event-updates").stringType()
            .defaultValue(Topics.EVENT_UPDATES).withDescription("topic of the event document change feed");
    public static final ConfigOption<String> GROUP_ID = key("kafka.group-id").stringType().defaultValue(Defaults.JOB_GROUP_ID)
            .withDescription("consumer group; offsets are committed on checkpoints");
    public static final ConfigOption<String> STARTING_OFFSETS = key("kafka.starting-offsets").stringType().defaultValue("committed")
            .withDescription("committed (earliest when none) | earliest (replay) | latest");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = key("kafka.transactional-id-prefix").stringType()
            .defaultValue("snapmap-clustering").withDescription("prefix of the exactly-once producers' transactional ids");
    public static final ConfigOption<Long> TRANSACTION_TIMEOUT_MS = key("kafka.transaction-timeout-ms").longType().defaultValue(900_000L)
            .withDescription("producer transaction timeout, at most the broker's transaction.max.timeout.ms");
    public static final ConfigOption<String> MONGO_URI = key("mongo.uri").stringType().noDefaultValue()
            .withDescription("MongoDB connection string (required)");
    public static final ConfigOption<String> MONGO_DATABASE = key("mongo.database").stringType().defaultValue(Defaults.DATABASE)
            .withDescription("MongoDB database holding photos and events");
    public static final ConfigOption<Long> MONGO_BATCH_SIZE = key("mongo.batch-size").longType().defaultValue(1000L)
            .withDescription("writes per MongoDB bulk request");
    public static final ConfigOption<Long> MONGO_BATCH_INTERVAL_MS = key("mongo.batch-interval-ms").longType().defaultValue(200L)
            .withDescription("longest a write waits for its batch");
    public static final ConfigOption<Long> MONGO_EVENT_REWRITE_INTERVAL_MS = key("mongo.event-rewrite-interval-ms").longType()
            .defaultValue(1000L)
            .withDescription("an event written less than this long ago is written again only then, with every change meanwhile; "
                    + "its first document is not held (0: every batch)");
    public static final ConfigOption<Double> RADIUS_M = key("clustering.radius-m").doubleType().defaultValue(Defaults.RADIUS_M)
            .withDescription("link radius R in metres");
    public static final ConfigOption<Long> WINDOW_S = key("clustering.window-s").longType().defaultValue(Defaults.WINDOW_S)
            .withDescription("link window W in seconds");
    public static final ConfigOption<Long> LATENESS_S = key("clustering.lateness-s").longType().defaultValue(Defaults.LATENESS_S)
            .withDescription("allowed lateness; later photos go to the cold path, which clusters them against MongoDB at once");
    public static final ConfigOption<Long> OUT_OF_ORDERNESS_S = key("clustering.out-of-orderness-s").longType()
            .defaultValue(Defaults.OUT_OF_ORDERNESS_S).withDescription("watermark bound on out-of-order takenAt");
    public static final ConfigOption<Long> IDLENESS_S = key("clustering.idleness-s").longType().defaultValue(30L)
            .withDescription("a source partition silent this long stops holding the watermark");
    public static final ConfigOption<Integer> CELL_PRECISION = key("clustering.cell-precision").intType()
            .defaultValue(Defaults.REGION_PRECISION)
            .withDescription("geohash precision of the regions the linker and registry are keyed by; a savepoint keeps the one it was taken with");
    public static final ConfigOption<Integer> MAX_PARALLELISM = key("clustering.max-parallelism").intType().defaultValue(128)
            .withDescription("max parallelism (key groups); fixed for the life of the savepoints");
    public static final ConfigOption<Long> MAX_FUTURE_SKEW_S = key("clustering.max-future-skew-s").longType().defaultValue(86_400L)
            .withDescription("how far in the future a takenAt may lie");
    public static final ConfigOption<Boolean> PLACE_LOOKUP = key("events.place-lookup").booleanType().defaultValue(true)
            .withDescription("name each event by the nearest populated place to its centroid (the offline gazetteer);"
                    + " false leaves place out of the documents, for measuring what the look-up costs");
    public static final ConfigOption<Long> CHECKPOINT_INTERVAL_MS = key("checkpoint.interval-ms").longType().defaultValue(30_000L)
            .withDescription("exactly-once checkpoint interval");
    public static final ConfigOption<Long> RESTART_ATTEMPTS = key("restart.attempts").longType().defaultValue((long) Integer.MAX_VALUE)
            .withDescription("restarts without restart.reset-after-ms of stable running in between before the job fails;"
                    + " 0 fails it at the first fault");
    public static final ConfigOption<Long> RESTART_INITIAL_BACKOFF_MS = key("restart.initial-backoff-ms").longType()
            .defaultValue(1_000L).withDescription("delay before the first restart; it doubles with each restart after");
    public static final ConfigOption<Long> RESTART_MAX_BACKOFF_MS = key("restart.max-backoff-ms").longType()
            .defaultValue(60_000L).withDescription("longest delay between two restarts");
    public static final ConfigOption<Long> RESTART_RESET_AFTER_MS = key("restart.reset-after-ms").longType()
            .defaultValue(3_600_000L).withDescription("running this long without a fault resets the delay and the attempts");
    public static final ConfigOption<String> JOB_NAME = key("job.name").stringType().defaultValue("snapmap-clustering")
            .withDescription("job name shown by Flink");

    /** In the order --help lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(KAFKA_BOOTSTRAP, TOPIC_UPLOADS, TOPIC_DLQ, TOPIC_EVENT_UPDATES,
            GROUP_ID, STARTING_OFFSETS, TRANSACTIONAL_ID_PREFIX, TRANSACTION_TIMEOUT_MS, MONGO_URI, MONGO_DATABASE,
            MONGO_BATCH_SIZE, MONGO_BATCH_INTERVAL_MS, MONGO_EVENT_REWRITE_INTERVAL_MS, RADIUS_M, WINDOW_S, LATENESS_S, OUT_OF_ORDERNESS_S, IDLENESS_S,
            CELL_PRECISION, MAX_PARALLELISM, MAX_FUTURE_SKEW_S, PLACE_LOOKUP, CHECKPOINT_INTERVAL_MS, RESTART_ATTEMPTS,
            RESTART_INITIAL_BACKOFF_MS, RESTART_MAX_BACKOFF_MS, RESTART_RESET_AFTER_MS, JOB_NAME);

    private JobOptions() {}
}
