package com.snapmap.stack.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The development API key: {@code SNAPMAP_API_KEY} if set, else generated once and kept in the home. */
final class DevApiKey {

    private DevApiKey() {}

    static String resolve(String fromEnv, Path keyFile) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            if (Files.isRegularFile(keyFile)) {
                return Files.readString(keyFile).trim();
            }
            byte[] b = new byte[24];
            new SecureRandom().nextBytes(b);
            String key = "dev-" + HexFormat.of().formatHex(b);
            Files.createDirectories(keyFile.getParent());
            Files.writeString(keyFile, key + "\n");
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the API key in " + keyFile + ": " + e.getMessage());
        }
    }

    /**
     * The gateway's {@code GATEWAY_API_KEYS} entry for {@code key}: its SHA-256 (the gateway keeps no key
     * itself) and every scope, admin included, so a developer can also try the deletes an operator makes
     * (another uploader's photo, account deletion).
     */
    static String gatewayEntry(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)))
                    + ":upload+read+admin";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
