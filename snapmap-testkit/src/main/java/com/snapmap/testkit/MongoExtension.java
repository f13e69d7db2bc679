package com.snapmap.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** JUnit 5: {@code @RegisterExtension static final MongoExtension MONGO = new MongoExtension();} */
public final class MongoExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedMongo mongo;

    @Override
    public void beforeAll(ExtensionContext context) {
        mongo = new EmbeddedMongo().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        mongo.close();
    }

    public String connectionString() {
        return mongo.connectionString();
    }

    /** What the server applied so far ({@link EmbeddedMongo#applied}). */
    public AppliedOperations applied() {
        return mongo.applied();
    }
}
