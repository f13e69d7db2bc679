package com.snapmap.job.prod;

import com.snapmap.job.MiniClusters;
import com.snapmap.testkit.KafkaExtension;
import com.snapmap.testkit.MongoExtension;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every production ITCase runs the job on, as one extension: a MiniCluster ({@link
 * MiniClusters}), the testkit's Kafka broker and its MongoDB-wire server, started in that order
 * before the class and stopped in reverse after it.
 */
public final class ProductionStack implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private final MiniClusterExtension miniCluster = MiniClusters.create();
    private final KafkaExtension kafka = new KafkaExtension();
    private final MongoExtension mongo = new MongoExtension();

    public MiniClusterExtension miniCluster() {
        return miniCluster;
    }

    public KafkaExtension kafka() {
        return kafka;
    }

    public MongoExtension mongo() {
        return mongo;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        miniCluster.beforeAll(context);
        kafka.beforeAll(context);
        mongo.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            mongo.afterAll(context);
            kafka.afterAll(context);
        } finally {
            miniCluster.afterAll(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        miniCluster.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        miniCluster.afterEach(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return miniCluster.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return miniCluster.resolveParameter(parameter, context);
    }
}
