package com.snapmap.job;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.snapmap.job.prod.JobSettings;
import com.snapmap.job.prod.MongoIndexes;
import com.snapmap.job.prod.ProductionJob;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The production entry point, submitted to a Flink cluster as the job jar's main class:
 * parses settings ({@code --key value}, see {@link JobSettings#describe()}), creates the MongoDB
 * indexes, wires Kafka and MongoDB around the clustering graph and runs it.
 */
public final class ClusteringJobMain {

    private ClusteringJobMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("settings (--key value, or --config file.properties):\n" + JobSettings.describe());
            return;
        }
        JobSettings settings;
        try {
            settings = JobSettings.fromArgs(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("snapmap-clustering: " + e.getMessage()
                    + "\nsettings (--key value):\n" + JobSettings.describe(), e);
        }
        try (MongoClient mongo = MongoClients.create(settings.get("mongo.uri"))) {
            MongoIndexes.ensure(mongo.getDatabase(settings.get("mongo.database")));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restartStrategy(settings));
        ProductionJob.build(env, settings);
        env.execute(settings.get("job.name"));
    }

    /** Doubling of the delay from one restart to the next. */
    public static final double RESTART_BACKOFF_MULTIPLIER = 2.0;
    /** Spread of each delay (10 %), so tasks failing together do not retry in lockstep. */
    public static final double RESTART_JITTER = 0.1;

    /**
     * The job's restart strategy, the one flink-conf/config.yaml gives the cluster (a test keeps
     * them equal): exponential back-off that resets after stable running, so neither a long outage
     * nor faults spread over the job's life use it up. {@code restart.attempts 0} fails at once.
     */
    public static Configuration restartStrategy(JobSettings s) {
        Configuration conf = new Configuration();
        long attempts = s.longValue("restart.attempts");
        if (attempts == 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            return conf;
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofMillis(s.longValue("restart.initial-backoff-ms")));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofMillis(s.longValue("restart.max-backoff-ms")));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, RESTART_BACKOFF_MULTIPLIER);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                Duration.ofMillis(s.longValue("restart.reset-after-ms")));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, RESTART_JITTER);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, (int) attempts);
        return conf;
    }
}
