package com.snapmap.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The demo's photos: four known events in two cities (each a tight crowd whose photos all link
 * under the 50 m / 5 min rule) and scattered singles, each kilometres from everything else, all
 * taken in the last half hour so the job accepts them (its lateness is an hour). The events end
 * nine minutes or more before the newest single: the job settles a label once event time (the
 * watermark, pushed by newer uploads) has passed the photo by the link window.
 */
public final class DemoScenario {

    public static final List<KnownEvent> EVENTS = List.of(
            new KnownEvent("Lyon: concert on Place Bellecour", 45.7578, 4.8320, 90, 20, 12, 600),
            new KnownEvent("Lyon: market at Saint-Jean", 45.7622, 4.8270, 60, 15, 15, 720),
            new KnownEvent("Berlin: crowd at the Brandenburg Gate", 52.5163, 13.3777, 80, 20, 15, 540),
            new KnownEvent("Berlin: kites on Tempelhofer Feld", 52.4730, 13.4010, 50, 25, 20, 660));

    /** Group name of the singles (each is an event of one photo). */
    public static final String SINGLE = "single";

    private static final double EARTH_M = 6_371_008.8;

    private DemoScenario() {}

    /**
     * Every photo, in capture-time order (the order a crowd would upload them), all places moved
     * {@code shiftNorthM} north: runs a few minutes apart use other shifts, so they do not join.
     */
    public static List<DemoPhoto> photos(Instant now, int singles, long seed, double shiftNorthM) {
        Random rnd = new Random(seed);
        List<DemoPhoto> out = new ArrayList<>();
        for (KnownEvent e : EVENTS) {
            Instant first = now.minusSeconds(e.endsAgoS() + (long) (e.photos() - 1) * e.stepS());
            for (int i = 0; i < e.photos(); i++) {
                double r = e.spreadM() * Math.sqrt(rnd.nextDouble());
                double a = rnd.nextDouble() * 2 * Math.PI;
                double[] p = offset(e.lat(), e.lon(), shiftNorthM + r * Math.cos(a), r * Math.sin(a));
                out.add(new DemoPhoto(e.name(), p[0], p[1], first.plusSeconds((long) i * e.stepS())));
            }
        }
        for (int i = 0; i < singles; i++) {
            // On rings 3-5 km around the city centres, 12 degrees apart: hundreds of metres between any two.
            KnownEvent city = EVENTS.get(i % 2 == 0 ? 0 : 2);
            double r = 3_000 + 2_000 * (i / 30.0 % 1);
            double a = Math.toRadians(i * 12);
            double[] p = offset(city.lat(), city.lon(), shiftNorthM + r * Math.cos(a), r * Math.sin(a));
            out.add(new DemoPhoto(SINGLE, p[0], p[1], now.minus(Duration.ofSeconds(60 + rnd.nextInt(1500)))));
        }
        out.sort(Comparator.comparing(DemoPhoto::takenAt));
        return out;
    }

    /** Where a run at {@code now} puts its places: 120 m further north for each minute, in a cycle of seven. */
    public static double shiftNorthM(Instant now) {
        return now.getEpochSecond() / 60 % 7 * 120.0;
    }

    /** The point {@code northM} north and {@code eastM} east of (lat, lon). */
    public static double[] offset(double lat, double lon, double northM, double eastM) {
        double dLat = Math.toDegrees(northM / EARTH_M);
        double dLon = Math.toDegrees(eastM / (EARTH_M * Math.cos(Math.toRadians(lat))));
        return new double[] {lat + dLat, lon + dLon};
    }
}
