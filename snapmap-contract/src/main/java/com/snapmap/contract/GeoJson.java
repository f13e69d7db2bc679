package com.snapmap.contract;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** GeoJSON geometries as BSON (longitude first). */
final class GeoJson {

    private GeoJson() {}

    static Document point(double lon, double lat) {
        return new Document("type", "Point").append("coordinates", List.of(lon, lat));
    }

    /**
     * A footprint's positions (flattened lon0, lat0, ...) as the geometry they describe: a Polygon
     * for a closed ring, a LineString for two positions, a Point for one.
     */
    static Document footprint(double[] positions) {
        List<List<Double>> ps = new ArrayList<>();
        for (int i = 0; i + 1 < positions.length; i += 2) {
            ps.add(List.of(positions[i], positions[i + 1]));
        }
        if (ps.size() == 1) {
            return new Document("type", "Point").append("coordinates", ps.get(0));
        }
        if (ps.size() == 2) {
            return new Document("type", "LineString").append("coordinates", ps);
        }
        return new Document("type", "Polygon").append("coordinates", List.of(ps));
    }

    static double[] positions(Document geometry) {
        Object c = geometry.get("coordinates");
        List<?> ps = switch (String.valueOf(geometry.getString("type"))) {
            case "Point" -> List.of(c);
            case "LineString" -> (List<?>) c;
            case "Polygon" -> (List<?>) ((List<?>) c).get(0);
            default -> null;
        };
        if (ps == null) {
            return null;
        }
        double[] out = new double[ps.size() * 2];
        for (int i = 0; i < ps.size(); i++) {
            List<Double> p = EventBson.doubles(ps.get(i));
            out[2 * i] = p.get(0);
            out[2 * i + 1] = p.get(1);
        }
        return out;
    }
}
