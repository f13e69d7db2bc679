package com.snapmap.gateway;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** {@link BlobStore} on Azure Blob Storage (or Azurite), with the JDK HTTP client (no netty). */
public final class AzureBlobStore implements BlobStore {

    private final BlobContainerClient container;

    /**
     * @param maxTries attempts per request (1 = no retry)
     * @param tryTimeout timeout of one attempt
     */
    public AzureBlobStore(String connectionString, String containerName, int maxTries, Duration tryTimeout) {
        this.container = new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .retryOptions(new RequestRetryOptions(
                        RetryPolicyType.EXPONENTIAL, maxTries, (int) Math.max(1, tryTimeout.toSeconds()),
                        200L, 2_000L, null))
                .buildClient()
                .getBlobContainerClient(containerName);
    }

    /** Creates the container when missing; call once at startup. */
    public AzureBlobStore ensureContainer() {
        container.createIfNotExists();
        return this;
    }

    @Override
    public String put(String name, byte[] data, String contentType) throws StoreUnavailableException {
        BlobClient blob = container.getBlobClient(name);
        try {
            blob.uploadWithResponse(
                    new BlobParallelUploadOptions(BinaryData.fromBytes(data))
                            .setHeaders(new BlobHttpHeaders().setContentType(contentType)),
                    null, Context.NONE);
            return blob.getBlobUrl();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("blob", "upload of " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) throws StoreUnavailableException {
        try {
            container.getBlobClient(name).deleteIfExists();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("blob", "delete of " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String readUrl(String name, Duration ttl) {
        BlobClient blob = container.getBlobClient(name);
        String sas = blob.generateSas(new BlobServiceSasSignatureValues(
                OffsetDateTime.now(ZoneOffset.UTC).plus(ttl), new BlobSasPermission().setReadPermission(true)));
        return blob.getBlobUrl() + "?" + sas;
    }
}
