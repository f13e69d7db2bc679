package com.snapmap.gateway;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.snapmap.cli.OneLineUsageErrors;
import com.snapmap.contract.Defaults;
import com.snapmap.contract.Topics;
import io.javalin.Javalin;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the gateway against real services. Every setting is a flag and, for containers, an
 * environment variable (the flag wins); defaults fit the local stack (see README.md). Every value
 * is validated, naming the variable and the flag, before anything connects.
 */
@Command(name = "upload-gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The SnapMap upload gateway: HTTP uploads to Azure Blob Storage, MongoDB and Kafka.",
        footer = "Each option may instead be given by the environment variable in brackets.")
public final class GatewayMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** flag → {environment variable, default (null: required)}: the one table of settings. */
    private static final Map<String, String[]> VARS = new LinkedHashMap<>();

    static {
        VARS.put("--api-keys", new String[] {"GATEWAY_API_KEYS", null});
        VARS.put("--host", new String[] {"GATEWAY_HOST", "0.0.0.0"});
        VARS.put("--port", new String[] {"GATEWAY_PORT", "8080"});
        VARS.put("--max-upload-bytes", new String[] {"GATEWAY_MAX_UPLOAD_BYTES", Long.toString(GatewayConfig.DEFAULT_MAX_UPLOAD_BYTES)});
        VARS.put("--max-future-skew-s", new String[] {"GATEWAY_MAX_FUTURE_SKEW_SECONDS", "86400"});
        VARS.put("--read-url-ttl-s", new String[] {"GATEWAY_READ_URL_TTL_SECONDS", "300"});
        VARS.put("--idempotency-ttl-s", new String[] {"GATEWAY_IDEMPOTENCY_TTL_SECONDS", Long.toString(Defaults.IDEMPOTENCY_TTL_S)});
        VARS.put("--azure.connection-string", new String[] {"AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true"});
        VARS.put("--azure.container", new String[] {"AZURE_STORAGE_CONTAINER", "photos"});
        VARS.put("--mongo.uri", new String[] {"MONGO_URI", "mongodb://localhost:27017/" + Defaults.DATABASE});
        VARS.put("--mongo.database", new String[] {"MONGO_DATABASE", ""});
        VARS.put("--kafka.bootstrap-servers", new String[] {"KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"});
        VARS.put("--kafka.topic.uploads", new String[] {"KAFKA_TOPIC", Topics.UPLOADS});
        VARS.put("--kafka.publish-timeout-ms", new String[] {"KAFKA_PUBLISH_TIMEOUT_MS", "5000"});
        VARS.put("--map.tile-url", new String[] {"GATEWAY_MAP_TILE_URL", MapTiles.OPENSTREETMAP.urlTemplate()});
        VARS.put("--map.tile-attribution", new String[] {"GATEWAY_MAP_TILE_ATTRIBUTION", MapTiles.OPENSTREETMAP.attribution()});
    }

    @Option(names = "--api-keys", paramLabel = "SHA256:SCOPES,...", description = "[GATEWAY_API_KEYS] API keys: sha256 hex of the key, ':', scopes joined by +: upload, read, admin (required)")
    String apiKeys;
    @Option(names = "--host", description = "[GATEWAY_HOST] listen address (default: ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--port", description = "[GATEWAY_PORT] listen port (default: ${DEFAULT-VALUE})")
    String port;
    @Option(names = "--max-upload-bytes", description = "[GATEWAY_MAX_UPLOAD_BYTES] largest image (default: ${DEFAULT-VALUE})")
    String maxUploadBytes;
    @Option(names = "--max-future-skew-s", description = "[GATEWAY_MAX_FUTURE_SKEW_SECONDS] how far past now takenAt may lie (default: ${DEFAULT-VALUE})")
    String maxFutureSkewS;
    @Option(names = "--read-url-ttl-s", description = "[GATEWAY_READ_URL_TTL_SECONDS] lifetime of read URLs (default: ${DEFAULT-VALUE})")
    String readUrlTtlS;
    @Option(names = "--idempotency-ttl-s", description = "[GATEWAY_IDEMPOTENCY_TTL_SECONDS] how long Idempotency-Keys are remembered (default: ${DEFAULT-VALUE})")
    String idempotencyTtlS;
    @Option(names = "--azure.connection-string", description = "[AZURE_STORAGE_CONNECTION_STRING] (default: ${DEFAULT-VALUE})")
    String azure;
    @Option(names = "--azure.container", description = "[AZURE_STORAGE_CONTAINER] blob container (default: ${DEFAULT-VALUE})")
    String container;
    @Option(names = "--mongo.uri", description = "[MONGO_URI] (default: ${DEFAULT-VALUE})")
    String mongoUri;
    @Option(names = "--mongo.database", description = "[MONGO_DATABASE] (default: the URI's database, else " + Defaults.DATABASE + ")")
    String mongoDatabase;
    @Option(names = "--kafka.bootstrap-servers", description = "[KAFKA_BOOTSTRAP_SERVERS] (default: ${DEFAULT-VALUE})")
    String kafka;
    @Option(names = "--kafka.topic.uploads", description = "[KAFKA_TOPIC] upload events topic (default: ${DEFAULT-VALUE})")
    String topic;
    @Option(names = "--kafka.publish-timeout-ms", description = "[KAFKA_PUBLISH_TIMEOUT_MS] (default: ${DEFAULT-VALUE})")
    String kafkaTimeoutMs;
    @Option(names = "--map.tile-url", description = "[GATEWAY_MAP_TILE_URL] the map page's tile URL template ({z}/{x}/{y}), or off for the offline shapes only (default: ${DEFAULT-VALUE})")
    String tileUrl;
    @Option(names = "--map.tile-attribution", description = "[GATEWAY_MAP_TILE_ATTRIBUTION] the tiles' attribution, HTML (default: ${DEFAULT-VALUE})")
    String tileAttribution;

    private final Map<String, String> env;

    GatewayMain(Map<String, String> env) {
        this.env = env;
    }

    /** A command line whose defaults come from {@code env}, then from {@link #VARS}. */
    static CommandLine commandLine(GatewayMain main) {
        return new CommandLine(main).setDefaultValueProvider(main::defaultOf);
    }

    private String defaultOf(ArgSpec a) {
        if (!(a instanceof OptionSpec o) || !VARS.containsKey(o.longestName())) {
            return null;
        }
        String[] v = VARS.get(o.longestName());
        String fromEnv = env.get(v[0]);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : v[1];
    }

    /** Settings from the environment and flags; an IllegalArgumentException names the variable and flag. */
    static Settings settings(Map<String, String> env, String... args) {
        GatewayMain m = new GatewayMain(env);
        try {
            commandLine(m).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return m.settings();
    }

    public static void main(String[] args) {
        int code = launch(System.getenv(), System.err, args);
        if (code != 0) {
            System.exit(code); // on success the server's threads keep the JVM running
        }
    }

    /** Parses, validates and starts; a bad flag or setting is one line on {@code err} and exit 2, before anything connects. */
    static int launch(Map<String, String> env, PrintStream err, String... args) {
        return OneLineUsageErrors.forVerb(commandLine(new GatewayMain(env)), "gateway", err).execute(args);
    }

    @Override
    public Integer call() {
        Settings s;
        try {
            s = settings();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Running running = start(s);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "gateway-shutdown"));
        return 0;
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
        MongoClient mongo = MongoClientFactory.create(s.mongoUri());
        UploadPublisher publisher = new KafkaUploadPublisher(s.kafkaBootstrap(), s.kafkaTopic(), s.kafkaTimeout());
        try {
            AzureBlobStore blobs = new AzureBlobStore(s.azureConnectionString(), s.container(), 3, Duration.ofSeconds(10))
                    .ensureContainer();
            PhotoRepository repo = new MongoPhotoRepository(mongo, s.mongoDatabase()).ensureIndexes(s.idempotencyTtl());
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
            String mongoUri, String mongoDatabase, String kafkaBootstrap, String kafkaTopic, Duration kafkaTimeout,
            Duration idempotencyTtl) {}

    Settings settings() {
        ApiKeys keys = get("--api-keys", apiKeys, ApiKeys::parse);
        long maxBytes = get("--max-upload-bytes", maxUploadBytes, v -> positive(Long.parseLong(v)));
        Duration skew = get("--max-future-skew-s", maxFutureSkewS, v -> Duration.ofSeconds(nonNegative(Long.parseLong(v))));
        Duration sasTtl = get("--read-url-ttl-s", readUrlTtlS, v -> Duration.ofSeconds(positive(Long.parseLong(v))));
        Duration idemTtl = get("--idempotency-ttl-s", idempotencyTtlS, v -> Duration.ofSeconds(positive(Long.parseLong(v))));
        MapTiles tiles = get("--map.tile-url", tileUrl, v -> MapTiles.parse(v, tileAttribution));
        GatewayConfig gateway = new GatewayConfig(keys, maxBytes, skew, sasTtl, tiles);
        int p = get("--port", port, v -> {
            int n = Integer.parseInt(v);
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException("must be in 1..65535");
            }
            return n;
        });
        String c = get("--azure.container", container, v -> {
            if (!v.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("not a valid container name (3-63 of a-z, 0-9, -)");
            }
            return v;
        });
        String uri = get("--mongo.uri", mongoUri, v -> new ConnectionString(v).getConnectionString());
        String uriDb = new ConnectionString(uri).getDatabase();
        String db = mongoDatabase == null || mongoDatabase.isBlank() ? (uriDb == null ? Defaults.DATABASE : uriDb) : mongoDatabase;
        Duration kafkaTimeout = get("--kafka.publish-timeout-ms", kafkaTimeoutMs, v -> Duration.ofMillis(positive(Long.parseLong(v))));
        return new Settings(gateway, get("--host", host, v -> v), p, get("--azure.connection-string", azure, v -> v), c,
                uri, db, get("--kafka.bootstrap-servers", kafka, v -> v), get("--kafka.topic.uploads", topic, v -> v),
                kafkaTimeout, idemTtl);
    }

    private static <T> T get(String flag, String value, Function<String, T> parse) {
        String name = VARS.get(flag)[0] + " (" + flag + ")";
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        try {
            return parse.apply(value.trim());
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
