package com.snapmap.gateway;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;

/**
 * Clients of the real stores a gateway ITCase runs against: the test's own view of Azurite's
 * container and of the database, and the gateway's blob store and repository on them.
 */
record GatewayStores(MongoClient mongo, MongoDatabase db, BlobContainerClient container, AzureBlobStore blobs,
        MongoPhotoRepository repository) implements AutoCloseable {

    static final String CONTAINER = "photos";

    static GatewayStores open(String azuriteConnectionString, String mongoConnectionString) {
        MongoClient mongo = MongoClients.create(mongoConnectionString);
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(azuriteConnectionString).buildClient()
                .getBlobContainerClient(CONTAINER);
        AzureBlobStore blobs = new AzureBlobStore(azuriteConnectionString, CONTAINER, 1, Duration.ofSeconds(5)).ensureContainer();
        MongoPhotoRepository repository = new MongoPhotoRepository(mongo, "snapmap").ensureIndexes(Duration.ofHours(1));
        return new GatewayStores(mongo, mongo.getDatabase("snapmap"), container, blobs, repository);
    }

    @Override
    public void close() {
        mongo.close();
    }
}
