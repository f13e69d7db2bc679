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

    /** A bounded restart strategy: with checkpointing on, Flink would otherwise restart forever. */
    public static Configuration restartStrategy(JobSettings s) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, (int) s.longValue("restart.attempts"));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(s.longValue("restart.delay-ms")));
        return conf;
    }
}
