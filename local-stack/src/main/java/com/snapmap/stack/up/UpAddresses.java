package com.snapmap.stack.up;

/**
 * Where the services of one {@code up} answer, on its ports: what the supervisor passes to each
 * process it starts and writes to {@code up.env} for the programs that use the running system.
 */
record UpAddresses(UpPorts ports) {

    static final String AZURITE_ACCOUNT = "devstoreaccount1";
    /** Azurite's documented, public development account key. */
    static final String AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    String gatewayUrl() { return "http://127.0.0.1:" + ports.gateway(); }
    String kafkaBootstrap() { return "127.0.0.1:" + ports.kafka(); }
    String mongoUri() { return "mongodb://127.0.0.1:" + ports.mongo(); }
    String flinkRest() { return "http://127.0.0.1:" + ports.flinkRest(); }
    String azuriteAccountUrl() { return "http://127.0.0.1:" + ports.azurite() + "/" + AZURITE_ACCOUNT; }

    String azureConnectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + AZURITE_ACCOUNT + ";AccountKey=" + AZURITE_KEY
                + ";BlobEndpoint=" + azuriteAccountUrl() + ";";
    }

    /** The text of {@code up.env} ({@link UpEnv} reads it), for a user whose key is {@code apiKey}. */
    String upEnv(String apiKey) {
        return "GATEWAY_URL=" + gatewayUrl() + "\n"
                + "SNAPMAP_API_KEY=" + apiKey + "\n"
                + "KAFKA_BOOTSTRAP_SERVERS=" + kafkaBootstrap() + "\n"
                + "MONGO_URI=" + mongoUri() + "\n"
                + "FLINK_REST=" + flinkRest() + "\n"
                + "AZURE_STORAGE_CONNECTION_STRING='" + azureConnectionString() + "'\n";
    }
}
