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
import com.snapmap.contract.TombstoneResolver;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.core.store.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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

    /** The gateway's two steps: the photo document, then its upload event. */
    void upload(KafkaProducer<byte[], byte[]> producer, Photo p) throws Exception {
        insertPhoto(p);
        producer.send(new ProducerRecord<>("photo-uploads", p.photoId.getBytes(StandardCharsets.UTF_8),
                ProductionRig.CODEC.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private void insertPhoto(Photo p) {
        db.getCollection(MongoSchema.PHOTOS).insertOne(PhotoBson.toBson(new PhotoDoc(p.photoId,
                Instant.ofEpochMilli(p.takenAt), p.lat, p.lon, Instant.now(), null, "image/jpeg", 1L, null, null, null, null)));
    }

    /** A photo's event as a client sees it: its eventId followed through tombstones; null while it has none. */
    String eventOf(String photoId) {
        Document d = db.getCollection(MongoSchema.PHOTOS).find(Filters.eq(MongoSchema.ID, photoId)).first();
        String id = d == null ? null : d.getString(MongoSchema.EVENT_ID);
        return id == null ? null : resolve(id);
    }

    String resolve(String eventId) {
        return TombstoneResolver.resolve(eventId,
                id -> db.getCollection(MongoSchema.EVENTS).find(Filters.eq(MongoSchema.ID, id)).first(),
                d -> d.getString(MongoSchema.MERGED_INTO)).eventId();
    }

    /** Every photo resolves to the reference's event, by id. */
    boolean asReference(Collection<Photo> photos) {
        Map<String, String> expected = REFERENCE.cluster(photos).eventOfPhoto();
        return expected.entrySet().stream().allMatch(e -> e.getValue().equals(eventOf(e.getKey())));
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

    /** The committed event-updates records, decoded. */
    static List<EventDoc> feed(EmbeddedKafka kafka, int atLeast) {
        List<ConsumerRecord<byte[], byte[]>> records = ProductionRig.readCommitted(kafka, "event-updates", atLeast,
                Duration.ofSeconds(10));
        return records.stream().map(r -> EventJson.fromJson(new String(r.value(), StandardCharsets.UTF_8))).toList();
    }
}
