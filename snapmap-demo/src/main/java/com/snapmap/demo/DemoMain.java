package com.snapmap.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.snapmap.cli.OneLineUsageErrors;
import com.snapmap.stack.up.UpEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./snapmap demo}: uploads the {@link DemoScenario} photos as EXIF-tagged JPEGs through the
 * gateway's REST API, waits until every one has its event, checks the known events came out whole
 * (and each single alone), finds them again through {@code GET /v1/events}, prints them and the
 * page URL, and writes a JSON report. Exit 1 with a one-line error when anything differs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "upload demo photos and show the events they form")
public final class DemoMain implements Callable<Integer> {

    @Option(names = "--env", required = true, hidden = true, description = "the up.env that ./snapmap up wrote (GATEWAY_URL, SNAPMAP_API_KEY)")
    Path envFile;
    @Option(names = "--singles", defaultValue = "30", description = "scattered single photos besides the known events")
    int singles;
    @Option(names = "--parallel", defaultValue = "4", description = "uploads in flight")
    int parallel;
    @Option(names = "--timeout-s", defaultValue = "240", description = "how long to wait for every photo's event")
    int timeoutS;
    @Option(names = "--report", hidden = true, description = "where to write the events found (JSON)")
    Path report;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) {
        CommandLine cl = OneLineUsageErrors.forVerb(new CommandLine(new DemoMain()), "demo", System.err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("snapmap demo: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        UpEnv env = UpEnv.read(envFile);
        String gatewayUrl = env.get("GATEWAY_URL");
        GatewayClient gateway = new GatewayClient(gatewayUrl, env.get("SNAPMAP_API_KEY"));
        Instant now = Instant.now();
        double shift = DemoScenario.shiftNorthM(now);
        List<DemoPhoto> photos = DemoScenario.photos(now, singles, now.toEpochMilli(), shift);

        long t0 = System.nanoTime();
        Map<String, DemoPhoto> byId = upload(gateway, photos, now);
        double uploadS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("demo: uploaded %d JPEGs (EXIF GPS + capture time) in %.1f s (%.0f/s) to %s%n",
                photos.size(), uploadS, photos.size() / uploadS, gatewayUrl);

        long t1 = System.nanoTime();
        long deadline = t1 + Duration.ofSeconds(timeoutS).toNanos();
        Map<String, DemoPhoto> known = new LinkedHashMap<>(byId);
        known.values().removeIf(p -> p.group().equals(DemoScenario.SINGLE));
        // Labels may still be provisional for a moment (they settle as event time passes): check until they agree.
        ArrayNode found;
        while (true) {
            Map<String, String> eventOfPhoto = awaitEvents(gateway, known.keySet(), deadline);
            try {
                found = check(gateway, known, eventOfPhoto, now, shift);
                break;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            }
        }
        System.out.printf("demo: the known events found %.1f s after the last upload%n", (System.nanoTime() - t1) / 1e9);
        singles(gateway, byId);
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(report.toFile(), found);
        }
        System.out.println("demo: " + DemoScenario.EVENTS.size() + " known events found; see them on the map: " + gatewayUrl + "/");
        return 0;
    }

    private Map<String, DemoPhoto> upload(GatewayClient gateway, List<DemoPhoto> photos, Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < photos.size(); i++) {
                DemoPhoto p = photos.get(i);
                float hue = (p.group().hashCode() & 0xFFFF) / 65535f;
                String name = "demo-" + now.toEpochMilli() + "-" + i + ".jpg";
                ids.add(pool.submit(() -> gateway.upload(ExifJpeg.of(p.lat(), p.lon(), p.takenAt(), hue), name).path("photoId").asText()));
            }
            Map<String, DemoPhoto> byId = new LinkedHashMap<>();
            for (int i = 0; i < photos.size(); i++) {
                byId.put(ids.get(i).get(), photos.get(i));
            }
            return byId;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Polls each photo until it has an eventId (the job writes it within seconds). */
    private Map<String, String> awaitEvents(GatewayClient gateway, Set<String> photoIds, long deadline) {
        Map<String, String> eventOf = new HashMap<>();
        while (eventOf.size() < photoIds.size()) {
            for (String id : photoIds) {
                if (!eventOf.containsKey(id)) {
                    JsonNode e = gateway.photo(id).path("eventId");
                    if (!e.isNull() && !e.isMissingNode()) {
                        eventOf.put(id, e.asText());
                    }
                }
            }
            if (eventOf.size() < photoIds.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException((photoIds.size() - eventOf.size()) + " of " + photoIds.size()
                            + " photos have no event after " + timeoutS + " s (is the job running? ./snapmap status)");
                }
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
        return eventOf;
    }

    /** Each known group one event of exactly its photos, found again by place. */
    private ArrayNode check(GatewayClient gateway, Map<String, DemoPhoto> byId, Map<String, String> eventOfPhoto, Instant now,
                            double shift) {
        Map<String, String> finalId = new HashMap<>();
        Map<String, Set<String>> photosOfEvent = new HashMap<>();
        Map<String, Set<String>> eventsOfGroup = new LinkedHashMap<>();
        for (var entry : byId.entrySet()) {
            String ev = finalId.computeIfAbsent(eventOfPhoto.get(entry.getKey()), id -> gateway.event(id).path("eventId").asText());
            photosOfEvent.computeIfAbsent(ev, k -> new HashSet<>()).add(entry.getKey());
            eventsOfGroup.computeIfAbsent(entry.getValue().group(), k -> new HashSet<>()).add(ev);
        }
        ArrayNode out = JSON.createArrayNode();
        List<String> lines = new ArrayList<>();
        for (KnownEvent known : DemoScenario.EVENTS) {
            Set<String> evs = eventsOfGroup.get(known.name());
            if (evs.size() != 1 || photosOfEvent.get(evs.iterator().next()).size() != known.photos()) {
                throw new IllegalStateException(known.name() + ": expected one event of " + known.photos() + " photos, got "
                        + evs.size() + " event(s) " + evs);
            }
            String id = evs.iterator().next();
            double[] place = DemoScenario.offset(known.lat(), known.lon(), shift, 0);
            JsonNode near = findNear(gateway, known, place, id, now);
            lines.add(String.format("  %-40s %3d photos -> event %s (%d photos, radius %.0f m, %s)%n", known.name(), known.photos(), id,
                    near.path("photoCount").asInt(), near.path("radiusMeters").asDouble(), near.path("status").asText()));
            ObjectNode o = out.addObject();
            o.put("name", known.name()).put("eventId", id).put("photos", known.photos())
                    .put("lat", place[0]).put("lon", place[1])
                    .put("from", now.minusSeconds(3600).toString()).put("to", now.plusSeconds(600).toString());
        }
        lines.forEach(System.out::print);
        return out;
    }

    /**
     * Each single that has its event is alone in it. The newest ones may wait: their labels settle
     * once later uploads move event time past them (docs/SEMANTICS.md, "Freshness").
     */
    private void singles(GatewayClient gateway, Map<String, DemoPhoto> byId) {
        int alone = 0;
        int waiting = 0;
        for (var entry : byId.entrySet()) {
            if (!entry.getValue().group().equals(DemoScenario.SINGLE)) {
                continue;
            }
            JsonNode eventId = gateway.photo(entry.getKey()).path("eventId");
            if (eventId.isNull() || eventId.isMissingNode()) {
                waiting++;
                continue;
            }
            Optional<JsonNode> event = gateway.findEvent(eventId.asText());
            if (event.isEmpty()) {
                waiting++;
                continue;
            }
            int count = event.get().path("photoCount").asInt();
            if (count != 1) {
                throw new IllegalStateException("single photo " + entry.getKey() + " is in an event of " + count + " photos");
            }
            alone++;
        }
        System.out.printf("  %-40s %3d photos -> %d events of one photo%s%n", "scattered singles", singles, alone,
                waiting == 0 ? "" : ", " + waiting + " newest still settling (until later uploads move event time on)");
    }

    /** The known event through {@code GET /v1/events} around its place, as a map page asks. */
    private static JsonNode findNear(GatewayClient gateway, KnownEvent known, double[] place, String eventId, Instant now) {
        for (JsonNode e : gateway.eventsNear(place[0], place[1], 1_000, now.minusSeconds(3600), now.plusSeconds(600))) {
            if (eventId.equals(e.path("eventId").asText())) {
                if (e.path("photoCount").asInt() != known.photos()) {
                    throw new IllegalStateException(known.name() + ": GET /v1/events says " + e.path("photoCount").asInt()
                            + " photos, expected " + known.photos());
                }
                return e;
            }
        }
        throw new IllegalStateException(known.name() + ": event " + eventId + " not found by GET /v1/events near ("
                + place[0] + ", " + place[1] + ")");
    }
}
