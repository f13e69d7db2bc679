package com.snapmap.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** JUnit 5: {@code @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();} */
public final class AzuriteExtension implements BeforeAllCallback, AfterAllCallback {

    private Azurite azurite;

    @Override
    public void beforeAll(ExtensionContext context) {
        azurite = new Azurite().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        azurite.close();
    }

    public Azurite azurite() {
        return azurite;
    }

    public String connectionString() {
        return azurite.connectionString();
    }
}
