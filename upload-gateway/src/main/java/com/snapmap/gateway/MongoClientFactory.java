package com.snapmap.gateway;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's MongoDB client: fails fast so that an outage answers 503 within seconds instead
 * of holding each request for the driver's 30 s server selection. Options in the URI
 * ({@code serverSelectionTimeoutMS}, {@code connectTimeoutMS}, {@code socketTimeoutMS}) win.
 */
public final class MongoClientFactory {

    public static final Duration SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Longest single read: well above a healthy query, far below a client's patience. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private MongoClientFactory() {}

    public static MongoClient create(String uri) {
        return MongoClients.create(settings(uri));
    }

    static MongoClientSettings settings(String uri) {
        return MongoClientSettings.builder()
                .applyToClusterSettings(c -> c.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) SOCKET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyConnectionString(new ConnectionString(uri))
                .build();
    }
}
