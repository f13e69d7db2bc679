package com.snapmap.gateway;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The map page's tile source: a Leaflet URL template ({z}/{x}/{y}, optional {s} and {r}) and the
 * attribution its licence asks for, or {@link #OFF} (only the offline country shapes). The page
 * falls back to those shapes by itself when tiles do not load.
 */
public record MapTiles(String urlTemplate, String attribution) {

    /** OpenStreetMap's standard tiles; their usage policy asks for this attribution. */
    public static final MapTiles OPENSTREETMAP = new MapTiles("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "© <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors");
    public static final MapTiles OFF = new MapTiles(null, null);
    /** The setting's value that turns tiles off. */
    public static final String OFF_VALUE = "off";

    public MapTiles {
        if (urlTemplate != null) {
            check(urlTemplate);
            if (attribution == null || attribution.isBlank()) {
                throw new IllegalArgumentException("a tile source needs its attribution (its licence asks for it)");
            }
        }
    }

    /** The setting's values: {@code off}, or a URL template and its attribution. */
    public static MapTiles parse(String urlTemplate, String attribution) {
        return OFF_VALUE.equalsIgnoreCase(urlTemplate.trim()) ? OFF : new MapTiles(urlTemplate.trim(), attribution);
    }

    public boolean enabled() {
        return urlTemplate != null;
    }

    private static void check(String template) {
        for (String p : new String[] {"{z}", "{x}", "{y}"}) {
            if (!template.contains(p)) {
                throw new IllegalArgumentException("'" + template + "' has no " + p + ": give a template such as "
                        + OPENSTREETMAP.urlTemplate + ", or " + OFF_VALUE);
            }
        }
        URI uri;
        try {
            uri = new URI(template.replaceAll("\\{[a-z]+}", "0"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + template + "' is not a URL: " + e.getReason());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + template + "' is not an http(s) URL with a host");
        }
    }
}
