package com.snapmap.bench.naive;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.snapmap.core.Photo;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;

/**
 * One member of the naive worker's consumer group (the seed's literal design): for each upload
 * event, one query for clustered photos near it in space and time, join-or-create, then update the
 * photo, its recent-photos document and the event. Three writes and one read per photo.
 */
public final class NaiveWorker implements Runnable {

    public static final String RECENT = "naive_recent";
    public static final String EVENTS = "naive_events";

    private final String bootstrap;
    private final String topic;
    private final String group;
    private final MongoDatabase db;
    private final JoinOrCreate rule;
    private final RecentPhotoBuckets buckets;
    private final AtomicLong processed;
    private final AtomicBoolean stop;
    private final UploadEventCodec codec = new UploadEventCodec();

    public NaiveWorker(String bootstrap, String topic, String group, MongoDatabase db, JoinOrCreate rule,
            RecentPhotoBuckets buckets, AtomicLong processed, AtomicBoolean stop) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.group = group;
        this.db = db;
        this.rule = rule;
        this.buckets = buckets;
        this.processed = processed;
        this.stop = stop;
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            MongoCollection<Document> recent = db.getCollection(RECENT);
            MongoCollection<Document> photos = db.getCollection(MongoSchema.PHOTOS);
            MongoCollection<Document> events = db.getCollection(EVENTS);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(codec.parse(r.value(), null).toPhoto(), recent, photos, events);
                    processed.incrementAndGet();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("naive worker failed", e);
        }
    }

    void handle(Photo p, MongoCollection<Document> recent, MongoCollection<Document> photos, MongoCollection<Document> events) {
        List<ClusteredPhoto> near = new ArrayList<>();
        for (Document bucket : recent.find(Filters.in("_id", buckets.around(p.lat, p.lon, p.takenAt)))) {
            for (Document d : bucket.getList("photos", Document.class)) {
                near.add(new ClusteredPhoto(d.getString("id"), d.getLong("t"), d.getDouble("lat"), d.getDouble("lon"), d.getString("e")));
            }
        }
        if (near.stream().anyMatch(q -> q.photoId.equals(p.photoId))) {
            return; // delivered twice: already clustered
        }
        String eventId = rule.eventFor(p, near);
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        photos.updateOne(Filters.eq("_id", p.photoId), Updates.set(MongoSchema.EVENT_ID, eventId), upsert);
        recent.updateOne(Filters.eq("_id", buckets.home(p.lat, p.lon, p.takenAt)),
                Updates.push("photos", new Document("id", p.photoId).append("t", p.takenAt).append("lat", p.lat)
                        .append("lon", p.lon).append("e", eventId)), upsert);
        events.updateOne(Filters.eq("_id", eventId), Updates.combine(Updates.inc(MongoSchema.PHOTO_COUNT, 1),
                Updates.min(MongoSchema.START_AT, new Date(p.takenAt)), Updates.max(MongoSchema.END_AT, new Date(p.takenAt))), upsert);
    }

    /** The wire form the worker consumes, the same the job reads. */
    public static byte[] wire(UploadEventCodec codec, Photo p) {
        return codec.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
