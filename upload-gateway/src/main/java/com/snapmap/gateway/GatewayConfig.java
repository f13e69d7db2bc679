package com.snapmap.gateway;

import java.time.Duration;

/**
 * Settings of the HTTP layer (the collaborators carry their own connection settings).
 *
 * @param maxUploadBytes largest accepted image
 * @param maxFutureSkew how far past now a capture time may lie
 * @param readUrlTtl lifetime of the read SAS URLs handed out
 * @param mapTiles the map page's tile source
 */
public record GatewayConfig(
        ApiKeys apiKeys, long maxUploadBytes, Duration maxFutureSkew, Duration readUrlTtl, MapTiles mapTiles) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = 20L * 1024 * 1024;

    public GatewayConfig {
        if (apiKeys == null) {
            throw new IllegalArgumentException("apiKeys required");
        }
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("maxUploadBytes must be > 0, got " + maxUploadBytes);
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be >= 0, got " + maxFutureSkew);
        }
        if (readUrlTtl == null || readUrlTtl.isNegative() || readUrlTtl.isZero()) {
            throw new IllegalArgumentException("readUrlTtl must be > 0, got " + readUrlTtl);
        }
        if (mapTiles == null) {
            throw new IllegalArgumentException("mapTiles required (MapTiles.OFF for none)");
        }
    }

    public static GatewayConfig defaults(ApiKeys apiKeys) {
        return new GatewayConfig(apiKeys, DEFAULT_MAX_UPLOAD_BYTES, Duration.ofDays(1), Duration.ofMinutes(5),
                MapTiles.OPENSTREETMAP);
    }

    public GatewayConfig withMaxUploadBytes(long bytes) {
        return new GatewayConfig(apiKeys, bytes, maxFutureSkew, readUrlTtl, mapTiles);
    }

    public GatewayConfig withMapTiles(MapTiles tiles) {
        return new GatewayConfig(apiKeys, maxUploadBytes, maxFutureSkew, readUrlTtl, tiles);
    }
}
