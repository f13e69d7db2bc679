package com.snapmap.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer API keys, held only as SHA-256 hashes, each with its scopes. Spec form (env var
 * {@code GATEWAY_API_KEYS}): {@code <sha256-hex>:<scope>[+<scope>...]}, comma separated, e.g.
 * {@code 9f86d0...:upload+read,2c26b4...:read,60303a...:admin}. Scopes: {@link Scope}. The
 * hash is also who uploaded a photo ({@code photos.uploader}): a key keeps its photos only while its
 * hash stays the same.
 */
public final class ApiKeys {

    private final Map<String, Set<Scope>> scopesByHash;

    public ApiKeys(Map<String, Set<Scope>> scopesByHash) {
        Map<String, Set<Scope>> copy = new HashMap<>();
        scopesByHash.forEach((h, s) -> copy.put(h.toLowerCase(Locale.ROOT), Set.copyOf(s)));
        this.scopesByHash = Map.copyOf(copy);
    }

    public static ApiKeys parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no API keys given");
        }
        Map<String, Set<Scope>> keys = new HashMap<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            int colon = e.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + e + "' is not <sha256-hex>:<scope>[+<scope>]");
            }
            String hash = e.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("'" + hash + "' is not a 64-digit SHA-256 hex hash");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String s : e.substring(colon + 1).split("\\+")) {
                scopes.add(Scope.parse(s));
            }
            keys.put(hash, scopes);
        }
        return new ApiKeys(keys);
    }

    /** The scopes of a presented key, empty when the key is unknown. */
    public Optional<Set<Scope>> scopesOf(String presentedKey) {
        return Optional.ofNullable(scopesByHash.get(sha256Hex(presentedKey)));
    }

    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
