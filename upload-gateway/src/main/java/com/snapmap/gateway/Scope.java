package com.snapmap.gateway;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an API key may do. */
public enum Scope {
    /** Upload photos, and delete the photos this key uploaded. */
    UPLOAD,
    /** Read photos and events. */
    READ,
    /**
     * Administer: delete any photo, also those stored before uploaders were recorded, and every
     * photo of a given uploader (account deletion). Implies neither upload nor read.
     */
    ADMIN;

    public static Scope parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scope '" + s + "' (known: "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
        }
    }
}
