package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka → job → MongoDB with real servers: the photos.eventId partition equals the reference,
 * one document per event, tombstones for merged ids, every malformed record in the DLQ with its
 * reason while the good ones around it are clustered, the event-updates feed committed; then a
 * full replay from earliest offsets into the same database converges to identical documents.
 */
class KafkaToMongoITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final long T0 = 1_714_521_600_000L;

    /** name → raw value; each must land in the DLQ. */
    private static Map<String, byte[]> malformed() {
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        m.put("bad JSON", "{\"photoId\":".getBytes(StandardCharsets.UTF_8));
        m.put("missing photoId", json("{\"takenAt\":\"2024-05-01T00:00:00Z\",\"location\":[4.8,45.7]}"));
        m.put("missing takenAt", json("{\"photoId\":\"x1\",\"location\":[4.8,45.7]}"));
        m.put("missing location", json("{\"photoId\":\"x2\",\"takenAt\":\"2024-05-01T00:00:00Z\"}"));
        m.put("lat out of range", json("{\"photoId\":\"x3\",\"takenAt\":\"2024-05-01T00:00:00Z\",\"location\":[4.8,91]}"));
        m.put("lon out of range", json("{\"photoId\":\"x4\",\"takenAt\":\"2024-05-01T00:00:00Z\",\"location\":[-181,45]}"));
        m.put("NaN", json("{\"photoId\":\"x5\",\"takenAt\":\"2024-05-01T00:00:00Z\",\"location\":[NaN,45]}"));
        m.put("far future", json("{\"photoId\":\"x6\",\"takenAt\":\"2999-01-01T00:00:00Z\",\"location\":[4.8,45.7]}"));
        m.put("wrong type", json("{\"photoId\":\"x7\",\"takenAt\":1714521600000,\"location\":[4.8,45.7]}"));
        m.put("huge payload", json("{\"photoId\":\"x8\",\"pad\":\"" + "z".repeat(40_000) + "\"}"));
        m.put("empty value", new byte[0]);
        m.put("not an object", json("[1,2,3]"));
        m.put("bad photoId", json("{\"photoId\":\"a b\",\"takenAt\":\"2024-05-01T00:00:00Z\",\"location\":[4.8,45.7]}"));
        return m;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Photo> photos;
    private static Clustering reference;

    @BeforeAll
    static void topicsAndData() {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, "photo-uploads");
        STACK.kafka().broker().createTopics(1, "photo-uploads-dlq", "event-updates");
        photos = new CityStreamGenerator(45.76, 4.83, 1_500, T0, 4 * 3_600_000L).generate(7, 1_500, 0.7, "k");
        reference = new ReferenceClusterer(com.snapmap.job.ClusteringConfig.defaults().linkRule()).cluster(photos);
    }

    @Test
    void clustersIntoMongoWithDlqAndFeedThenReplaysToIdenticalDocuments() throws Exception {
        Map<String, byte[]> bad = malformed();
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            int i = 0;
            List<Photo> batch = new ArrayList<>();
            for (Photo p : photos) {
                batch.add(p);
                if (++i % 120 == 0) { // bad records interleaved with the good ones
                    ProductionRig.send(producer, batch);
                    batch.clear();
                    for (byte[] v : bad.values()) {
                        if (i / 120 - 1 == new ArrayList<>(bad.values()).indexOf(v)) {
                            producer.send(new ProducerRecord<>("photo-uploads", null, v)).get();
                        }
                    }
                }
            }
            ProductionRig.send(producer, batch);
            for (byte[] v : bad.values().stream().skip(i / 120).toList()) {
                producer.send(new ProducerRecord<>("photo-uploads", null, v)).get();
            }
            ProductionRig.sendSentinels(producer, photos.get(photos.size() - 1).takenAt);
        }

        JobSettings first = ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), "city", "first", "committed");
        Map<String, String> expected = reference.eventOfPhoto();
        JobClient job = ProductionRig.start(first, 2, null);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(1000))
                .conditionEvaluationListener(c -> {
                    Map<String, String> now = ProductionRig.eventIds(STACK.mongo().connectionString(), "city");
                    long wrong = expected.entrySet().stream().filter(e -> !e.getValue().equals(now.get(e.getKey()))).count();
                    System.err.printf("progress: %d photos with eventId, %d differ from the reference, %d event docs%n",
                            now.size(), wrong, ProductionRig.events(STACK.mongo().connectionString(), "city").size());
                })
                .until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "city").equals(expected)
                        && allClosed(ProductionRig.events(STACK.mongo().connectionString(), "city")));

        Map<String, Document> events = ProductionRig.events(STACK.mongo().connectionString(), "city");
        Map<String, Document> live = new HashMap<>();
        events.forEach((id, d) -> {
            if (d.get("mergedInto") == null) {
                live.put(id, d);
            }
        });
        assertThat(live.keySet()).containsAll(reference.events().keySet());
        assertThat(live).hasSize(reference.events().size());
        reference.events().forEach((id, s) -> assertThat(((Number) live.get(id).get("photoCount")).longValue()).isEqualTo(s.count));
        long tombstones = events.values().stream().filter(d -> d.get("mergedInto") != null).count();
        assertThat(tombstones).isPositive();
        events.forEach((id, d) -> {
            String to = id;
            for (int hops = 0; hops < 100 && events.get(to).get("mergedInto") != null; hops++) {
                to = events.get(to).getString("mergedInto");
            }
            assertThat(live.containsKey(to)).as("tombstone chain from %s ends at a live event", id).isTrue();
        });

        List<ConsumerRecord<byte[], byte[]>> dlq = ProductionRig.readCommitted(STACK.kafka().broker(), "photo-uploads-dlq", bad.size(), Duration.ofSeconds(60));
        assertThat(dlq).hasSize(bad.size());
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            assertThat(r.headers().lastHeader(DeadLetterSerializer.REASON)).isNotNull();
            assertThat(new String(r.headers().lastHeader(DeadLetterSerializer.SOURCE_TOPIC).value(), StandardCharsets.UTF_8)).isEqualTo("photo-uploads");
        }
        assertThat(dlq).extracting(r -> new String(r.headers().lastHeader(DeadLetterSerializer.REASON).value(), StandardCharsets.UTF_8))
                .anyMatch(s -> s.contains("not valid JSON"))
                .anyMatch(s -> s.contains("exceeds"))
                .anyMatch(s -> s.contains("empty record"))
                .anyMatch(s -> s.contains("future"));

        // The feed carries the final document of every event; the newest one per key is what MongoDB holds.
        Map<String, String> lastUpdate = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : ProductionRig.readCommitted(STACK.kafka().broker(), "event-updates", events.size(), Duration.ofSeconds(60))) {
            // Two operators may publish one id out of order: the highest version is what MongoDB keeps.
            String key = new String(r.key(), StandardCharsets.UTF_8);
            String value = new String(r.value(), StandardCharsets.UTF_8);
            String before = lastUpdate.get(key);
            if (before == null || com.snapmap.contract.EventJson.fromJson(value).version
                    >= com.snapmap.contract.EventJson.fromJson(before).version) {
                lastUpdate.put(key, value);
            }
        }
        assertThat(lastUpdate.entrySet().stream().filter(e -> !e.getValue().contains("\"firstPhotoId\":\"sentinel-"))
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet())).isEqualTo(events.keySet());
        live.forEach((id, d) -> assertThat(lastUpdate.get(id)).contains("\"status\":\"closed\""));
        // One codec: the feed's JSON decodes to exactly the document MongoDB holds.
        try (var client = com.mongodb.client.MongoClients.create(STACK.mongo().connectionString())) {
            for (Document stored : client.getDatabase("city").getCollection(com.snapmap.contract.MongoSchema.EVENTS).find()) {
                String id = stored.getString("_id");
                assertThat(com.snapmap.contract.EventJson.fromJson(lastUpdate.get(id))).as("event %s", id)
                        .isEqualTo(com.snapmap.contract.EventBson.fromBson(stored));
            }
        }
        // Stopped, not cancelled: the replay reads the feed read_committed (ProductionRig.stop says why).
        ProductionRig.stop(job);

        // Replay everything from earliest offsets into the same database: same documents.
        JobSettings replay = ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), "city", "replay", "earliest");
        JobClient again = ProductionRig.start(replay, 3, null);
        long closed = live.size();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> ProductionRig.closedInFeed(STACK.kafka().broker(), 2 * closed) >= 2 * closed);
        Map<String, Document> now = ProductionRig.events(STACK.mongo().connectionString(), "city");
        events.forEach((id, d) -> {
            if (!d.equals(now.get(id))) {
                System.err.println("DIFF " + d.toJson() + "\n  NOW " + (now.get(id) == null ? null : now.get(id).toJson()));
            }
        });
        // Every document of the first run is unchanged. The replay's own provisional ids (its
        // arrival interleaving differs) may add tombstones, each leading to a live event.
        events.forEach((id, d) -> assertThat(ProductionRig.sameDocument(now.get(id), d))
                .as("event %s after the replay: %s, was %s", id, now.get(id), d).isTrue());
        now.forEach((id, d) -> {
            if (!events.containsKey(id)) {
                String to = id;
                for (int hops = 0; hops < 100 && now.get(to).get("mergedInto") != null; hops++) {
                    to = now.get(to).getString("mergedInto");
                }
                assertThat(live).as("new document %s resolves to a live event", id).containsKey(to);
            }
        });
        assertThat(ProductionRig.eventIds(STACK.mongo().connectionString(), "city")).isEqualTo(expected);
        again.cancel().get();
    }

    private static boolean allClosed(Map<String, Document> events) {
        long open = events.values().stream()
                .filter(d -> d.get("mergedInto") == null && !String.valueOf(d.getString("firstPhotoId")).startsWith("sentinel"))
                .filter(d -> !"closed".equals(d.getString("status"))).count();
        return !events.isEmpty() && open == 0;
    }

}
