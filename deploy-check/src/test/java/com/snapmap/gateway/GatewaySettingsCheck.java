package com.snapmap.gateway;

import java.util.Map;

/** deploy-check's door to the gateway's settings parser (package-private in the gateway). */
public final class GatewaySettingsCheck {

    private GatewaySettingsCheck() {}

    /** The settings GatewayMain would run with in this environment; throws what it would fail with. */
    public static Parsed parse(Map<String, String> env) {
        GatewayMain.Settings s = GatewayMain.settings(env);
        return new Parsed(s.port(), s.kafkaBootstrap(), s.kafkaTopic(), s.mongoDatabase());
    }

    /** The values deploy-check compares with the other manifests. */
    public record Parsed(int port, String kafkaBootstrap, String kafkaTopic, String mongoDatabase) {}
}
