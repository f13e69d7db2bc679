package com.snapmap.gateway;

import java.util.Locale;

/** What an API key may do. */
public enum Scope {
    UPLOAD,
    READ;

    public static Scope parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scope '" + s + "' (known: upload, read)");
        }
    }
}
