package com.snapmap.sweeper;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.snapmap.contract.PhotoBson;
import com.snapmap.contract.PhotoDoc;
import com.snapmap.contract.MongoSchema;
import com.snapmap.core.wire.UploadEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;

/**
 * Finds photos that still have no eventId a grace period after upload and re-drives each as its
 * upload event through {@code photo-uploads} (docs/DELIVERY.md, "Sweeper"). It clusters nothing and
 * writes no event: the job takes a re-driven photo like any upload (its hot path if within the
 * allowed lateness, else its cold path, against what MongoDB holds), so the job is the one writer
 * of events and everything it writes is on {@code event-updates}. A copy of a photo the job already
 * has is dropped there by photoId.
 *
 * <p>Orphans go out in batches, each leased first ({@link OrphanClaims}) so that two sweeps at
 * once re-drive a photo once, and paced to at most {@link SweeperConfig#maxRate()} a second so that
 * a storm of orphans (after a Kafka outage) does not flood the job. A photo re-driven is not
 * re-driven again for a grace period; one whose lease a dead sweep left unsent is taken over. An
 * orphan an earlier build's interrupted sweep had counted is handed to the cold path first
 * ({@link LegacySweeps}), so its re-drive finishes that sweep instead of counting it again.
 */
public final class Sweeper {

    private final MongoCollection<Document> photos;
    private final UploadRedriver redriver;
    private final SweeperConfig config;
    private final Clock clock;
    private final OrphanClaims claims;
    private final LegacySweeps legacy;

    public Sweeper(MongoDatabase db, UploadRedriver redriver, SweeperConfig config, Clock clock) {
        this.photos = db.getCollection(MongoSchema.PHOTOS);
        this.redriver = redriver;
        this.config = config;
        this.clock = clock;
        this.claims = new OrphanClaims(photos, config.grace().toMillis(), config.claimTimeout().toMillis());
        this.legacy = new LegacySweeps(db);
    }

    public SweepReport sweepOnce() throws Exception {
        SweepReport r = new SweepReport();
        long now = clock.millis();
        String token = UUID.randomUUID().toString();
        List<String> orphans = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        for (Document d : photos.find(Filters.and(Filters.exists(MongoSchema.EVENT_ID, false),
                Filters.lt(MongoSchema.UPLOADED_AT, new Date(now - config.grace().toMillis()))))) {
            r.scanned++;
            if (PhotoBson.fromBson(d).isComplete()) {
                orphans.add(d.getString(MongoSchema.ID));
                docs.add(d);
            } else {
                r.incomplete++; // no place or time to announce: nothing the job could cluster
            }
        }
        r.handedOver = legacy.handOver(docs);
        RedrivePace pace = new RedrivePace(config.maxRate());
        long started = System.nanoTime();
        Map<String, String> heldByOthers = new LinkedHashMap<>();
        for (int from = 0; from < orphans.size(); from += config.batchSize()) {
            List<String> batch = orphans.subList(from, Math.min(orphans.size(), from + config.batchSize()));
            claims.take(batch, token, clock.millis()); // leased now, not when the sweep began: it holds a grace from here
            List<Document> mine = new ArrayList<>();
            for (Document d : photos.find(Filters.in(MongoSchema.ID, batch))) {
                String holder = OrphanClaims.unsentHolder(d);
                if (token.equals(holder)) {
                    mine.add(d);
                } else if (holder != null && d.get(MongoSchema.EVENT_ID) == null) {
                    heldByOthers.put(d.getString(MongoSchema.ID), holder);
                } else {
                    r.held++; // clustered since the scan, or re-driven lately by another sweep
                }
            }
            r.redriven += redrive(mine, token);
            Thread.sleep(pace.waitMillis(r.redriven, (System.nanoTime() - started) / 1_000_000));
        }
        int waiting = heldByOthers.size();
        r.takenOver = takeOverAbandoned(heldByOthers, token);
        r.redriven += r.takenOver;
        r.held += waiting - r.takenOver;
        return r;
    }

    /** Sends one batch and marks it sent once Kafka has it; a failed send frees the batch for the next run. */
    private int redrive(List<Document> docs, String token) throws Exception {
        if (docs.isEmpty()) {
            return 0;
        }
        List<String> ids = docs.stream().map(d -> d.getString(MongoSchema.ID)).toList();
        try {
            for (Document d : docs) {
                redriver.redrive(uploadOf(d));
            }
            redriver.flush();
        } catch (Exception e) {
            claims.release(ids, token);
            throw e;
        }
        claims.sent(ids, token);
        return ids.size();
    }

    /**
     * Waits for the unsent leases of other sweeps: a live sweep marks them sent within seconds; a
     * lease still unsent after the claim timeout belongs to a sweep that died between its lease and
     * its sends, and is taken over and re-driven here.
     *
     * @return how many were taken over
     */
    private int takeOverAbandoned(Map<String, String> held, String token) throws Exception {
        long deadline = System.nanoTime() + config.claimTimeout().toNanos();
        while (!held.isEmpty()) {
            for (Document d : photos.find(Filters.in(MongoSchema.ID, new ArrayList<>(held.keySet())))) {
                String id = d.getString(MongoSchema.ID);
                if (d.get(MongoSchema.EVENT_ID) != null || !held.get(id).equals(OrphanClaims.unsentHolder(d))) {
                    held.remove(id); // sent by its sweep, or clustered
                }
            }
            if (held.isEmpty() || System.nanoTime() - deadline >= 0) {
                break;
            }
            Thread.sleep(200);
        }
        List<Document> mine = new ArrayList<>();
        for (Map.Entry<String, String> e : held.entrySet()) {
            Document d = claims.takeOver(e.getKey(), e.getValue(), token, clock.millis());
            if (d != null) {
                mine.add(d);
            }
        }
        return redrive(mine, token);
    }

    /** The upload event the gateway published (or would have) for a stored photo. */
    static UploadEvent uploadOf(Document d) {
        PhotoDoc p = PhotoBson.fromBson(d);
        UploadEvent e = new UploadEvent(p.photoId(), p.takenAt().toEpochMilli(), p.lat(), p.lon(),
                d.getString(MongoSchema.STORAGE_URL));
        Date uploaded = d.getDate(MongoSchema.UPLOADED_AT);
        e.uploadedAt = uploaded == null ? 0 : uploaded.getTime();
        e.contentType = d.getString(MongoSchema.CONTENT_TYPE);
        e.sha256 = d.getString(MongoSchema.SHA256);
        return e;
    }
}
