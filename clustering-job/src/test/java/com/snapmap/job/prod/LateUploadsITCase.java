package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.contract.MongoSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Photos uploaded hours or days after they were taken (docs/HOT-PATH.md, "The cold path"): the
 * job's cold path gives them their event within seconds, by the rule and ids of the reference
 * clusterer over all photos, against closed events already in MongoDB, quiet or with the hot path
 * busy on live photos at the same places; and every document written reaches event-updates once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LateUploadsITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static final String DB = "late";
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = 24 * HOUR;

    private static JobClient job;
    private static LateRig rig;
    private static KafkaProducer<byte[], byte[]> producer;
    /** The place the live load photographs now, when busy (one at a time, swapped whole). */
    private static volatile double[] liveSpot;
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final AtomicInteger LIVE_SENT = new AtomicInteger();
    private static ScheduledExecutorService live;
    private static ScheduledFuture<?> liveLoad;
    private static int nextSpot;

    @BeforeAll
    static void start() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        job = ProductionRig.start(ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), DB, "late", "committed"),
                2, null);
        rig = new LateRig(STACK.mongo().connectionString(), DB);
        producer = ProductionRig.producer(STACK.kafka().broker());
        // A live photo in every partition: the watermark follows the wall clock, so old photos are late.
        List<String> warm = new ArrayList<>();
        for (int part = 0; part < ProductionRig.PARTITIONS; part++) {
            Photo p = new Photo("warm-" + part, System.currentTimeMillis(), -40 + part, 100);
            warm.add(p.photoId);
            producer.send(new ProducerRecord<>("photo-uploads", part, p.photoId.getBytes(StandardCharsets.UTF_8),
                    ProductionRig.CODEC.toJson(new com.snapmap.core.wire.UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null))
                            .getBytes(StandardCharsets.UTF_8))).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> warm.stream().allMatch(id -> rig.eventOf(id) != null));
        live = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "live-load"));
        liveLoad = live.scheduleAtFixedRate(liveLoad(), 50, 50, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (liveLoad.isDone()) {
                liveLoad.get(); // a failed send ended the live load: say why
            }
        } finally {
            live.shutdown(); // cancels the periodic send; one under way finishes
            assertThat(live.awaitTermination(30, TimeUnit.SECONDS)).as("live load stopped").isTrue();
            job.cancel().get();
            producer.close();
            rig.close();
        }
    }

    /** 20 live photos a second at the places of the running test, while busy; one send each run of the scheduler. */
    private static Runnable liveLoad() {
        Random r = new Random(7);
        AtomicInteger n = new AtomicInteger();
        return () -> {
            double[] spot = liveSpot;
            if (BUSY.get() && spot != null) {
                try {
                    rig.upload(producer, at("live-" + n.getAndIncrement(), System.currentTimeMillis(), spot, r.nextInt(30),
                            r.nextInt(30)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                producer.flush();
                LIVE_SENT.incrementAndGet();
            }
        };
    }

    /** A place of its own for each scenario, 2 km apart. */
    private static double[] spot(boolean busy) {
        double[] s = {48.80 + 0.02 * nextSpot++, 2.30};
        liveSpot = s;
        BUSY.set(busy);
        return s;
    }

    private static Photo at(String id, long takenAt, double[] spot, double northM, double eastM) {
        return new Photo(id, takenAt, spot[0] + northM / 111_195.0,
                spot[1] + eastM / (111_195.0 * Math.cos(Math.toRadians(spot[0]))));
    }

    private static void awaitReference(List<Photo> all) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> rig.asReference(all));
    }

    @ParameterizedTest(name = "busy={0}")
    @ValueSource(booleans = {false, true})
    @Order(10)
    void aLatePhotoJoinsAClosedEvent(boolean busy) throws Exception {
        double[] s = spot(busy);
        long t0 = System.currentTimeMillis() - 3 * DAY;
        String tag = "join-" + busy + "-";
        List<Photo> history = List.of(at(tag + "a1", t0, s, 0, 0), at(tag + "a2", t0 + MIN, s, 5, 0), at(tag + "a3", t0 + 2 * MIN, s, 10, 0));
        rig.closedHistory(history);
        String a = EventIds.forFirstPhoto(tag + "a1");
        Photo late = at(tag + "late", t0 + 4 * MIN, s, 12, 3);
        rig.upload(producer, late);
        producer.flush();

        List<Photo> all = new ArrayList<>(history);
        all.add(late);
        awaitReference(all);
        assertThat(rig.eventOf(late.photoId)).isEqualTo(a);
        EventDoc doc = rig.event(a);
        assertThat(doc.photoCount).isEqualTo(4);
        assertThat(doc.owner).isEqualTo(MongoSchema.OWNER_COLD_PATH);
        assertThat(doc.endAt).isEqualTo(late.takenAt);
    }

    @ParameterizedTest(name = "busy={0}")
    @ValueSource(booleans = {false, true})
    @Order(11)
    void aLatePhotoBridgingTwoClosedEventsMergesThem(boolean busy) throws Exception {
        double[] s = spot(busy);
        long t0 = System.currentTimeMillis() - 3 * HOUR;
        String tag = "bridge-" + busy + "-";
        List<Photo> history = List.of(at(tag + "b1", t0, s, 0, 0), at(tag + "b2", t0 + 2 * MIN, s, 5, 0),
                at(tag + "c1", t0 + 8 * MIN, s, 10, 0), at(tag + "c2", t0 + 9 * MIN, s, 15, 0));
        rig.closedHistory(history);
        String b = EventIds.forFirstPhoto(tag + "b1");
        String c = EventIds.forFirstPhoto(tag + "c1");
        Photo late = at(tag + "late", t0 + 5 * MIN, s, 7, 0);
        rig.upload(producer, late);
        producer.flush();

        List<Photo> all = new ArrayList<>(history);
        all.add(late);
        awaitReference(all);
        assertThat(rig.event(c).mergedInto).isEqualTo(b);
        assertThat(rig.event(b).photoCount).isEqualTo(5);
        assertThat(rig.eventOf(tag + "c2")).isEqualTo(b);
    }

    @ParameterizedTest(name = "busy={0}")
    @ValueSource(booleans = {false, true})
    @Order(12)
    void aLatePhotoBeforeAnEventsFirstRenamesIt(boolean busy) throws Exception {
        double[] s = spot(busy);
        long t0 = System.currentTimeMillis() - 3 * DAY;
        String tag = "rename-" + busy + "-";
        List<Photo> history = List.of(at(tag + "d1", t0 + 3 * MIN, s, 0, 0), at(tag + "d2", t0 + 4 * MIN, s, 5, 0));
        rig.closedHistory(history);
        String d = EventIds.forFirstPhoto(tag + "d1");
        Photo late = at(tag + "late", t0, s, 2, 2);
        rig.upload(producer, late);
        producer.flush();

        List<Photo> all = new ArrayList<>(history);
        all.add(late);
        awaitReference(all);
        String renamed = EventIds.forFirstPhoto(late.photoId);
        assertThat(rig.event(d).mergedInto).isEqualTo(renamed);
        assertThat(rig.resolve(d)).isEqualTo(renamed);
        assertThat(rig.event(renamed).firstPhotoId).isEqualTo(late.photoId);
    }

    /**
     * Some 300 photos, half taken 3 hours and half 3 days ago, uploaded now at about 30 a second in
     * small groups around closed events; the live load runs at the same places.
     */
    @Test
    @Order(20)
    void latePhotosGetTheirEventWithinTwoSeconds() throws Exception {
        double[] s = spot(true);
        Random r = new Random(11);
        List<Photo> history = new ArrayList<>();
        List<Photo> late = new ArrayList<>();
        for (int g = 0; g < 60; g++) {
            long t = System.currentTimeMillis() - (g % 2 == 0 ? 3 * HOUR : 3 * DAY) - (g / 2) * 10 * MIN;
            double[] place = {s[0] + (g % 6) * 0.002, s[1] + (g / 6) * 0.002};
            history.add(at("hist-" + g, t, place, 0, 0));
            for (int i = 0; i < 5; i++) {
                late.add(at("fresh-" + g + "-" + i, t + r.nextInt(4 * (int) MIN), place, r.nextInt(40), r.nextInt(40)));
            }
        }
        rig.closedHistory(history);
        Collections.shuffle(late, r);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        // Asks only for the photos sent and not yet seen, by id: a scan of every photo would make
        // the measurement as slow as the collection is large.
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(t -> new Thread(t, "poller"));
        poller.scheduleWithFixedDelay(() -> {
            List<String> waiting = sent.keySet().stream().filter(id -> !seen.containsKey(id)).toList();
            if (!waiting.isEmpty()) {
                long now = System.nanoTime();
                rig.eventsOf(waiting).keySet().forEach(id -> seen.putIfAbsent(id, now));
            }
        }, 0, 5, TimeUnit.MILLISECONDS);
        // About 30 uploads a second, paced by the scheduler rather than by sleeps between sends.
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < late.size()) {
                Photo p = late.get(i);
                sent.put(p.photoId, System.nanoTime());
                try {
                    rig.upload(producer, p);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                producer.flush();
            }
        }, 0, 33, TimeUnit.MILLISECONDS);
        List<Photo> all = new ArrayList<>(history);
        all.addAll(late);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.size() == late.size());
            awaitReference(all);
            // The reference check can see the last eventIds before the poller's next round does.
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.keySet().containsAll(sent.keySet()));
        } finally {
            pacer.shutdown();
            poller.shutdown();
            assertThat(pacer.awaitTermination(30, TimeUnit.SECONDS) && poller.awaitTermination(30, TimeUnit.SECONDS))
                    .as("pacer and poller stopped").isTrue();
        }

        List<Long> millis = new ArrayList<>();
        for (Photo p : late) {
            millis.add((seen.get(p.photoId) - sent.get(p.photoId)) / 1_000_000);
        }
        Collections.sort(millis);
        long p50 = millis.get(millis.size() / 2);
        long p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
        System.out.printf("late uploads: %d photos (3 h and 3 days old), live photos sent meanwhile %d;"
                + " upload to eventId p50 %d ms, p99 %d ms, max %d ms%n", late.size(), LIVE_SENT.get(), p50, p99,
                millis.get(millis.size() - 1));
        assertThat(p99).as("p99 upload to eventId, ms").isLessThanOrEqualTo(2_000);
    }

    @Test
    @Order(30)
    void theFeedHoldsEveryDocumentTheColdPathWroteOnce() throws Exception {
        BUSY.set(false);
        Map<String, EventDoc> stored = rig.events();
        List<String> cold = new ArrayList<>();
        stored.values().forEach(d -> {
            boolean coldLive = MongoSchema.OWNER_COLD_PATH.equals(d.owner);
            boolean coldTombstone = d.isTombstone() && stored.containsKey(d.mergedInto)
                    && MongoSchema.OWNER_COLD_PATH.equals(stored.get(d.mergedInto).owner);
            if (coldLive || coldTombstone) {
                cold.add(LateRig.key(d));
            }
        });
        List<EventDoc> feed = LateRig.feedUntil(STACK.kafka().broker(), Set.copyOf(cold), Duration.ofSeconds(30));
        Map<String, Integer> copies = new HashMap<>();
        feed.forEach(d -> copies.merge(LateRig.key(d), 1, Integer::sum));
        assertThat(copies.values()).as("no (eventId, version) twice on the feed").allMatch(n -> n == 1);
        assertThat(cold).hasSizeGreaterThan(60);
        assertThat(copies.keySet()).containsAll(cold);
    }
}
