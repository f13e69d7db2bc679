package com.snapmap.core.place;

import java.util.Objects;

/**
 * A populated place of the gazetteer: its name, its first-level region (the GeoNames admin1 name,
 * or its code where GeoNames has no name) and its ISO 3166-1 alpha-2 country code.
 */
public record Place(String name, String region, String countryCode) {

    public Place {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(countryCode, "countryCode");
    }

    /** The key a search by place name compares ({@link PlaceKey}). */
    public String key() {
        return PlaceKey.of(name);
    }
}
