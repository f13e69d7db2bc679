package com.snapmap.job.prod;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.snapmap.contract.EventBson;
import com.snapmap.contract.EventDoc;
import com.snapmap.contract.EventJson;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.PhotoErasure;
import com.snapmap.contract.TombstoneResolver;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;

/** Photos uploaded long after they were taken, against a history of closed events already in MongoDB. */
final class LateRig {

    static final ReferenceClusterer REFERENCE = new ReferenceClusterer(ClusteringConfig.defaults().linkRule());

    private final MongoDatabase db;
    private final MongoClient client;

    LateRig(String mongoUri, String database) {
        this.client = MongoClients.create(mongoUri);
        this.db = client.getDatabase(database);
    }

    void close() {
        client.close();
    }

    /**
     * What the hot path leaves once it has closed the events of {@code photos}: their documents
     * (closed, the reference's ids) and the photos labelled with them.
     */
    void closedHistory(List<Photo> photos) {
        Clustering c = REFERENCE.cluster(photos);
        Map<String, EventSummary> summaries = new HashMap<>();
        for (Photo p : photos) {
            insertPhoto(p);
            summaries.computeIfAbsent(c.eventOf(p.photoId), k -> new EventSummary()).add(p);
            db.getCollection(MongoSchema.PHOTOS).updateOne(Filters.eq(MongoSchema.ID, p.photoId),
                    Updates.set(MongoSchema.EVENT_ID, c.eventOf(p.photoId)));
        }
        summaries.forEach((id, s) -> db.getCollection(MongoSchema.EVENTS)
                .insertOne(EventBson.toBson(EventDoc.event(id, s, true, System.currentTimeMillis()))));
    }

    /** The gateway's two steps: the photo document, then its upload event, stamped with the upload's time. */
    void upload(KafkaProducer<byte[], byte[]> producer, Photo p) throws Exception {
        uploadAt(producer, p, System.currentTimeMillis());
    }

    /** As {@link #upload}, as if uploaded at {@code uploadedAt}: the upload event's Kafka timestamp says so too. */
    void uploadAt(KafkaProducer<byte[], byte[]> producer, Photo p, long uploadedAt) throws Exception {
        uploadAt(producer, p, uploadedAt, null);
    }

    /** As the other, to {@code partition} (null: by key, as the gateway sends). */
    void uploadAt(KafkaProducer<byte[], byte[]> producer, Photo p, long uploadedAt, Integer partition) throws Exception {
        insertPhoto(p, uploadedAt);
        UploadEvent e = new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null);
        e.uploadedAt = uploadedAt;
        producer.send(new ProducerRecord<>("photo-uploads", partition, uploadedAt, p.photoId.getBytes(StandardCharsets.UTF_8),
                ProductionRig.CODEC.toJson(e).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The gateway's steps of a delete (docs/SEMANTICS.md, "Deleting a photo"): the photo's document
     * goes, its erasure is recorded, and its tombstone is published with the erasure's headers.
     */
    void erase(KafkaProducer<byte[], byte[]> producer, Photo p) throws Exception {
        erase(producer, Topics.UPLOADS, p);
    }

    /** As the other, the tombstone on {@code topic}. */
    void erase(KafkaProducer<byte[], byte[]> producer, String topic, Photo p) throws Exception {
        db.getCollection(MongoSchema.PHOTOS).deleteOne(Filters.eq(MongoSchema.ID, p.photoId));
        db.getCollection(MongoSchema.ERASURES).insertOne(new Document(MongoSchema.ID, p.photoId).append(MongoSchema.ERASED_AT, new java.util.Date()));
        PhotoErasure e = new PhotoErasure(p.photoId, p.takenAt, p.lat, p.lon, System.currentTimeMillis());
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, p.photoId.getBytes(StandardCharsets.UTF_8), null);
        e.headers().forEach((name, value) -> r.headers().add(name, value));
        producer.send(r).get();
    }

    /** One photo per partition taken now, sent to that partition: once each has its event, the job has read past what came before. */
    static List<String> markEveryPartition(KafkaProducer<byte[], byte[]> producer, String tag, double lat)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (int part = 0; part < ProductionRig.PARTITIONS; part++) {
            String id = tag + part;
            ids.add(id);
            producer.send(new ProducerRecord<>(Topics.UPLOADS, part, id.getBytes(StandardCharsets.UTF_8),
                    ProductionRig.CODEC.toJson(new UploadEvent(id, System.currentTimeMillis(), lat + part, 100, null))
                            .getBytes(StandardCharsets.UTF_8))).get();
        }
        return ids;
    }

    /** The gateway's photo document, without its upload event. */
    void insertPhotoForTest(Photo p) {
        insertPhoto(p);
    }

    /** The gateway's photo documents, in one write, without their upload events. */
    void insertPhotosForTest(List<Photo> photos) {
        long now = System.currentTimeMillis();
        db.getCollection(MongoSchema.PHOTOS).insertMany(photos.stream().map(p -> PhotoBson.toBson(new PhotoDoc(p.photoId,
                Instant.ofEpochMilli(p.takenAt), p.lat, p.lon, Instant.ofEpochMilli(now), null, "image/jpeg", 1L,
                null, null, null, null))).toList());
    }

    /** Whether {@code photoId} has a document in photos. */
    boolean hasPhoto(String photoId) {
        return db.getCollection(MongoSchema.PHOTOS).find(Filters.eq(MongoSchema.ID, photoId)).first() != null;
    }

    private void insertPhoto(Photo p) {
        insertPhoto(p, System.currentTimeMillis());
    }

    private void insertPhoto(Photo p, long uploadedAt) {
        db.getCollection(MongoSchema.PHOTOS).insertOne(PhotoBson.toBson(new PhotoDoc(p.photoId,
                Instant.ofEpochMilli(p.takenAt), p.lat, p.lon, Instant.ofEpochMilli(uploadedAt), null, "image/jpeg", 1L,
                null, null, null, null)));
    }

    /** A photo's event as a client sees it: its eventId followed through tombstones; null while it has none. */
    String eventOf(String photoId) {
        return eventsOf(List.of(photoId)).get(photoId);
    }

    /**
     * The events of those of {@code photoIds} that have one, as {@link #eventOf}, read with one
     * query on the photos' ids (their index) rather than a scan.
     */
    Map<String, String> eventsOf(Collection<String> photoIds) {
        Map<String, String> out = storedEventIds(photoIds);
        out.replaceAll((photo, event) -> resolve(event));
        return out;
    }

    /** photos.eventId as stored (not followed through tombstones) of those of {@code photoIds} that have one. */
    Map<String, String> storedEventIds(Collection<String> photoIds) {
        Map<String, String> out = new HashMap<>();
        for (Document d : db.getCollection(MongoSchema.PHOTOS).find(Filters.in(MongoSchema.ID, photoIds))) {
            if (d.getString(MongoSchema.EVENT_ID) != null) {
                out.put(d.getString(MongoSchema.ID), d.getString(MongoSchema.EVENT_ID));
            }
        }
        return out;
    }

    String resolve(String eventId) {
        return TombstoneResolver.resolve(eventId,
                id -> db.getCollection(MongoSchema.EVENTS).find(Filters.eq(MongoSchema.ID, id)).first(),
                d -> d.getString(MongoSchema.MERGED_INTO)).eventId();
    }

    /** Every photo resolves to the reference's event, by id. */
    boolean asReference(Collection<Photo> photos) {
        Map<String, String> expected = REFERENCE.cluster(photos).eventOfPhoto();
        return expected.equals(eventsOf(expected.keySet()));
    }

    EventDoc event(String id) {
        Document d = db.getCollection(MongoSchema.EVENTS).find(Filters.eq(MongoSchema.ID, id)).first();
        return d == null ? null : EventBson.fromBson(d);
    }

    /** Every event document in MongoDB, by id. */
    Map<String, EventDoc> events() {
        Map<String, EventDoc> out = new HashMap<>();
        for (Document d : db.getCollection(MongoSchema.EVENTS).find()) {
            out.put(d.getString(MongoSchema.ID), EventBson.fromBson(d));
        }
        return out;
    }

    /** The {@code eventId@version} of a feed record or document: what the feed must hold once. */
    static String key(EventDoc d) {
        return d.eventId + "@" + d.version;
    }

    /** Every committed event-updates record, decoded, in the order of its one partition. */
    static List<EventDoc> feedToEnd(EmbeddedKafka kafka) {
        List<EventDoc> out = new ArrayList<>();
        eachCommitted(kafka, r -> out.add(EventJson.fromJson(new String(r.value(), StandardCharsets.UTF_8))));
        return out;
    }

    /** Hands every committed event-updates record, from the beginning to the last stable offsets, to {@code each}. */
    private static void eachCommitted(EmbeddedKafka kafka, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = feedReader(kafka)) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.EVENT_UPDATES).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts); // read_committed: the last stable offsets
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(r);
                }
            }
        }
    }

    /**
     * What a consumer of event-updates that keeps the highest version of each id holds (docs/DELIVERY.md):
     * of the committed records, as {@link #feedToEnd} reads them, the one of the highest version per id;
     * an id with a Kafka tombstone (every photo of its event erased) is gone for good. The records of
     * one id come from the registry and from the border merge, so they need not be in version order.
     */
    static Map<String, EventDoc> newestOnFeed(EmbeddedKafka kafka) {
        Map<String, EventDoc> out = new HashMap<>();
        Set<String> erased = new HashSet<>();
        eachCommitted(kafka, r -> {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                erased.add(id);
                out.remove(id);
            } else if (!erased.contains(id)) {
                EventDoc d = EventJson.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                out.merge(id, d, (a, b) -> b.version > a.version ? b : a);
            }
        });
        return out;
    }

    private static KafkaConsumer<byte[], byte[]> feedReader(EmbeddedKafka kafka) {
        return ProductionRig.committedReader(kafka);
    }

    /**
     * The committed event-updates records, decoded, from the earliest offset until every one of
     * {@code expected} ({@link #key}s) has been read (or {@code timeout} passes: the caller's
     * assertion then names what is missing); no waiting for the topic to go quiet.
     */
    static List<EventDoc> feedUntil(EmbeddedKafka kafka, Set<String> expected, Duration timeout) {
        List<EventDoc> out = new ArrayList<>();
        Set<String> missing = new HashSet<>(expected);
        try (KafkaConsumer<byte[], byte[]> consumer = feedReader(kafka)) {
            consumer.subscribe(List.of(Topics.EVENT_UPDATES));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue; // an event whose every photo was erased
                    }
                    EventDoc d = EventJson.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                    out.add(d);
                    missing.remove(key(d));
                }
            }
        }
        return out;
    }
}
