package com.snapmap.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.snapmap.chaos.AcknowledgedCheck.EventUpdate;
import com.snapmap.contract.Defaults;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.Topics;
import com.snapmap.contract.MongoSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads what the system holds of a run, for {@link AcknowledgedCheck}: the photo documents and
 * events from MongoDB, each acknowledged photo's bytes through its read URL, and the committed
 * {@code event-updates} records since the run began.
 */
final class SystemReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;

    private final UpSystem up;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    SystemReader(UpSystem up) {
        this.up = up;
    }

    CheckResult check(List<Acknowledged> acked, PhotoPlan plan, Instant runStart) {
        Map<String, PhotoDoc> stored = new HashMap<>();
        Map<String, EventDoc> events = new HashMap<>();
        try (MongoClient client = MongoClients.create(up.env("MONGO_URI"))) {
            MongoDatabase db = db(client);
            List<String> ids = acked.stream().map(Acknowledged::photoId).toList();
            photos(db, ids, MongoSchema.ID, stored);
            for (Document d : db.getCollection(MongoSchema.PHOTOS)
                    .find(Filters.gte(MongoSchema.TAKEN_AT, Date.from(runStart.minusSeconds(PhotoPlan.MAX_AGE_S + 60))))) {
                PhotoDoc p = PhotoBson.fromBson(d);
                if (p.isComplete() && plan.contains(p.lat(), p.lon())) {
                    stored.put(p.photoId(), p);
                }
            }
            Set<String> wanted = new HashSet<>();
            stored.values().forEach(p -> {
                if (p.eventId() != null) {
                    wanted.add(p.eventId());
                }
            });
            while (!wanted.isEmpty()) { // the ids, then the survivors their tombstones name, and theirs
                List<String> batch = new ArrayList<>(wanted);
                wanted.clear();
                for (int i = 0; i < batch.size(); i += BATCH) {
                    for (Document d : db.getCollection(MongoSchema.EVENTS).find(Filters.in(MongoSchema.ID,
                            batch.subList(i, Math.min(batch.size(), i + BATCH))))) {
                        EventDoc e = EventBson.fromBson(d);
                        events.put(e.eventId, e);
                        if (e.mergedInto != null && !events.containsKey(e.mergedInto)) {
                            wanted.add(e.mergedInto);
                        }
                    }
                }
            }
            photos(db, new ArrayList<>(events.keySet()), MongoSchema.EVENT_ID, stored); // members the run did not upload
        }
        return new AcknowledgedCheck(com.snapmap.core.cluster.LinkRule.defaults())
                .check(acked, stored, readable(acked), events, updates(runStart));
    }

    /** The stored photo document of each of {@code photoIds} as JSON (for the report of a failed check). */
    List<String> describe(List<String> photoIds) {
        if (photoIds.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (MongoClient client = MongoClients.create(up.env("MONGO_URI"))) {
            db(client).getCollection(MongoSchema.PHOTOS).find(Filters.in(MongoSchema.ID, photoIds)).forEach(d -> out.add(d.toJson()));
        }
        return out;
    }

    private static MongoDatabase db(MongoClient client) {
        return client.getDatabase(Defaults.DATABASE);
    }

    private static void photos(MongoDatabase db, List<String> values, String field, Map<String, PhotoDoc> into) {
        for (int i = 0; i < values.size(); i += BATCH) {
            Bson f = Filters.in(field, values.subList(i, Math.min(values.size(), i + BATCH)));
            for (Document d : db.getCollection(MongoSchema.PHOTOS).find(f)) {
                PhotoDoc p = PhotoBson.fromBson(d);
                into.put(p.photoId(), p);
            }
        }
    }

    /** Photos whose {@code GET /v1/photos/{id}} gives a read URL that serves exactly the bytes uploaded. */
    private Set<String> readable(List<Acknowledged> acked) {
        Set<String> ok = ConcurrentHashMap.newKeySet();
        acked.parallelStream().forEach(a -> {
            try {
                HttpResponse<String> meta = http.send(HttpRequest.newBuilder(URI.create(up.env("GATEWAY_URL") + "/v1/photos/" + a.photoId()))
                        .header("Authorization", "Bearer " + up.env("SNAPMAP_API_KEY")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode url = meta.statusCode() == 200 ? JSON.readTree(meta.body()).path("readUrl") : null;
                if (url == null || !url.isTextual()) {
                    return;
                }
                HttpResponse<byte[]> blob = http.send(HttpRequest.newBuilder(URI.create(url.asText())).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (blob.statusCode() == 200 && RetryingUploader.sha256(blob.body()).equals(a.sha256())) {
                    ok.add(a.photoId());
                }
            } catch (IOException e) {
                // unreadable: not added
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return ok;
    }

    /** Committed {@code event-updates} records written since the run began, read with read_committed. */
    private List<EventUpdate> updates(Instant since) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, up.env("KAFKA_BOOTSTRAP_SERVERS"));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<EventUpdate> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.EVENT_UPDATES, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            Map<TopicPartition, Long> times = new HashMap<>();
            parts.forEach(tp -> times.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> from = c.offsetsForTimes(times, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            for (TopicPartition tp : parts) {
                c.seek(tp, from.get(tp) == null ? end.get(tp) : from.get(tp).offset());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        out.add(new EventUpdate(r.key(), JSON.readTree(r.value()).path(MongoSchema.VERSION).asLong()));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("an event-updates record is not JSON: " + e.getMessage(), e);
        }
        return out;
    }
}
