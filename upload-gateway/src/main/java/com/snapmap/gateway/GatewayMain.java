package com.snapmap.gateway;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the gateway against real services, configured from environment variables (defaults fit
 * the local stack; see README.md). Every variable is validated before anything connects.
 */
public final class GatewayMain {

    private final Map<String, String> env;

    GatewayMain(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        Settings s;
        try {
            s = new GatewayMain(System.getenv()).settings();
        } catch (IllegalArgumentException e) {
            System.err.println("upload-gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        Running running = start(s);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "gateway-shutdown"));
    }

    /** A started gateway and the clients it owns; close stops the server, then the clients. */
    record Running(Javalin app, UploadPublisher publisher, MongoClient mongo) implements AutoCloseable {
        @Override
        public void close() {
            app.stop();
            publisher.close();
            mongo.close();
        }
    }

    /** Connects to the real services, prepares container and indexes, starts serving. */
    static Running start(Settings s) {
        MongoClient mongo = MongoClients.create(s.mongoUri());
        UploadPublisher publisher = new KafkaUploadPublisher(s.kafkaBootstrap(), s.kafkaTopic(), s.kafkaTimeout());
        try {
            AzureBlobStore blobs = new AzureBlobStore(s.azureConnectionString(), s.container(), 3, Duration.ofSeconds(10))
                    .ensureContainer();
            PhotoRepository repo = new MongoPhotoRepository(mongo, s.mongoDatabase()).ensureIndexes();
            Javalin app = GatewayApp.create(s.gateway(), blobs, repo, publisher, Clock.systemUTC());
            app.start(s.host(), s.port());
            return new Running(app, publisher, mongo);
        } catch (RuntimeException e) {
            publisher.close();
            mongo.close();
            throw e;
        }
    }

    /** Everything main needs, validated. */
    record Settings(
            GatewayConfig gateway, String host, int port, String azureConnectionString, String container,
            String mongoUri, String mongoDatabase, String kafkaBootstrap, String kafkaTopic, Duration kafkaTimeout) {}

    Settings settings() {
        ApiKeys keys = get("GATEWAY_API_KEYS", null, ApiKeys::parse);
        long maxBytes = get("GATEWAY_MAX_UPLOAD_BYTES", Long.toString(GatewayConfig.DEFAULT_MAX_UPLOAD_BYTES),
                v -> positive(Long.parseLong(v)));
        Duration skew = get("GATEWAY_MAX_FUTURE_SKEW_SECONDS", "86400", v -> Duration.ofSeconds(nonNegative(Long.parseLong(v))));
        Duration sasTtl = get("GATEWAY_READ_URL_TTL_SECONDS", "300", v -> Duration.ofSeconds(positive(Long.parseLong(v))));
        GatewayConfig gateway = new GatewayConfig(keys, maxBytes, skew, sasTtl, 8);
        String host = get("GATEWAY_HOST", "0.0.0.0", v -> v);
        int port = get("GATEWAY_PORT", "8080", v -> {
            int p = Integer.parseInt(v);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("must be in 1..65535");
            }
            return p;
        });
        String azure = get("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true", v -> v);
        String container = get("AZURE_STORAGE_CONTAINER", "photos", v -> {
            if (!v.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("not a valid container name (3-63 of a-z, 0-9, -)");
            }
            return v;
        });
        String mongoUri = get("MONGO_URI", "mongodb://localhost:27017/snapmap", v -> new ConnectionString(v).getConnectionString());
        String db = new ConnectionString(mongoUri).getDatabase();
        String mongoDb = get("MONGO_DATABASE", db == null ? "snapmap" : db, v -> v);
        String kafka = get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", v -> v);
        String topic = get("KAFKA_TOPIC", "photo-uploads", v -> v);
        Duration kafkaTimeout = get("KAFKA_PUBLISH_TIMEOUT_MS", "5000", v -> Duration.ofMillis(positive(Long.parseLong(v))));
        return new Settings(gateway, host, port, azure, container, mongoUri, mongoDb, kafka, topic, kafkaTimeout);
    }

    private <T> T get(String name, String defaultValue, Function<String, T> parse) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            if (defaultValue == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            v = defaultValue;
        }
        try {
            return parse.apply(v.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static long positive(long v) {
        if (v <= 0) {
            throw new IllegalArgumentException("must be > 0, got " + v);
        }
        return v;
    }

    private static long nonNegative(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("must be >= 0, got " + v);
        }
        return v;
    }
}
