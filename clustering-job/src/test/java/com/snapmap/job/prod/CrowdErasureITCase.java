package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.geo.Haversine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A crowd with a tenth of its photos erased at random while its uploads go on (docs/SEMANTICS.md,
 * "Deleting a photo"), on the real Kafka and MongoDB: once its events have closed, the survivors
 * form the reference clusterer's events with its ids, and no document names an erased photo.
 */
class CrowdErasureITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    @Test
    void aTenthOfACrowdErasedWhileItUploadsLeavesTheReferencesEventsOfTheSurvivors() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, Topics.UPLOADS);
        STACK.kafka().broker().createTopics(1, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
        LateRig rig = new LateRig(STACK.mongo().connectionString(), "erase-crowd");
        JobClient job = ProductionRig.start(ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(),
                "erase-crowd", "erase-crowd", "committed"), 2, null);
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            Random rnd = new Random(28);
            long t0 = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
            List<Photo> crowd = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                // Sparse enough (250 m, half an hour) that erasures split some events and rename others.
                double[] at = Haversine.destination(45.76, 4.83, 250 * Math.sqrt(rnd.nextDouble()), rnd.nextDouble() * 360);
                crowd.add(new Photo("crowd-" + i, t0 + rnd.nextInt(1_800_000), at[0], at[1]));
            }
            List<Photo> sent = new ArrayList<>();
            Set<String> erased = new HashSet<>();
            for (int batch = 0; batch < 6; batch++) {
                List<Photo> next = crowd.subList(batch * 50, (batch + 1) * 50);
                next.forEach(rig::insertPhotoForTest);
                ProductionRig.send(producer, next);
                sent.addAll(next);
                for (int k = 0; k < 5; k++) { // a tenth of the crowd in all, among the photos sent so far
                    Photo p = sent.get(rnd.nextInt(sent.size()));
                    if (erased.add(p.photoId)) {
                        rig.erase(producer, p);
                    } else {
                        k--;
                    }
                }
            }
            ProductionRig.sendSentinels(producer, t0);

            List<Photo> survivors = crowd.stream().filter(p -> !erased.contains(p.photoId)).toList();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
                    rig.asReference(survivors) && onlySurvivors(rig, erased, survivors));
            for (String id : erased) {
                assertThat(rig.hasPhoto(id)).isFalse();
            }
        } finally {
            job.cancel().get();
            rig.close();
        }
    }

    /** No event is named after an erased photo, and each event of the survivors counts exactly them. */
    private static boolean onlySurvivors(LateRig rig, Set<String> erased, List<Photo> survivors) {
        Map<String, Long> counts = LateRig.REFERENCE.cluster(survivors).eventOfPhoto().values().stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        Map<String, EventDoc> events = rig.events();
        for (EventDoc d : events.values()) {
            if (!d.isTombstone() && d.firstPhotoId != null && erased.contains(d.firstPhotoId)) {
                return false;
            }
        }
        return counts.entrySet().stream().allMatch(c -> events.containsKey(c.getKey())
                && events.get(c.getKey()).photoCount == c.getValue() && events.get(c.getKey()).isClosed());
    }
}
