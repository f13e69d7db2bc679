package com.snapmap.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** JUnit 5: {@code @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();} */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = new EmbeddedKafka().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        kafka.close();
    }

    public EmbeddedKafka broker() {
        return kafka;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
