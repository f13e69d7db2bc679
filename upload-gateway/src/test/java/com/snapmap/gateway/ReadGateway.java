package com.snapmap.gateway;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;

/** A gateway for the read side only, on a free loopback port, over a real MongoDB (-wire server). */
final class ReadGateway {

    private ReadGateway() {}

    /** A started read gateway with its MongoDB client and an HTTP client for it. */
    record Running(MongoClient mongo, Javalin app, Http http) implements AutoCloseable {
        @Override
        public void close() {
            app.stop();
            mongo.close();
        }
    }

    static Running start(String mongoConnectionString, String readerKey) {
        MongoClient mongo = MongoClients.create(mongoConnectionString);
        Javalin app = start(mongo, readerKey);
        return new Running(mongo, app, new Http("http://127.0.0.1:" + app.port()));
    }

    /** Tiles off: the page draws its offline shapes and loads nothing from another host. */
    static Javalin start(MongoClient mongo, String readerKey) {
        return start(mongo, readerKey, MapTiles.OFF);
    }

    static Javalin start(MongoClient mongo, String readerKey, MapTiles tiles) {
        MongoPhotoRepository repo = new MongoPhotoRepository(mongo, "snapmap").ensureIndexes();
        // Read URLs are signed locally with the account key: no storage call happens on read routes.
        AzureBlobStore blobs = new AzureBlobStore("UseDevelopmentStorage=true", "photos", 1, Duration.ofSeconds(1));
        UploadPublisher refusing = e -> {
            throw new StoreUnavailableException("kafka", "not used by read routes", null);
        };
        GatewayConfig config = GatewayConfig.defaults(ApiKeys.parse(ApiKeys.sha256Hex(readerKey) + ":read")).withMapTiles(tiles);
        return GatewayApp.create(config, blobs, repo, refusing, Clock.systemUTC()).start("127.0.0.1", 0);
    }
}
