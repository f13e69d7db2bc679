package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.Topics;
import com.snapmap.core.Photo;
import com.snapmap.core.geo.Haversine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
                // Within 250 m over half an hour: events of a few to a few dozen photos.
                double[] at = Haversine.destination(45.76, 4.83, 250 * Math.sqrt(rnd.nextDouble()), rnd.nextDouble() * 360);
                crowd.add(new Photo("crowd-" + i, t0 + rnd.nextInt(1_800_000), at[0], at[1]));
            }
            // Uploaded in the order they were taken, as a live crowd's are: none is past the allowed lateness.
            crowd.sort(java.util.Comparator.comparingLong((Photo p) -> p.takenAt));
            List<Photo> sent = new ArrayList<>();
            Set<String> erased = new HashSet<>();
            for (int batch = 0; batch < 6; batch++) {
                List<Photo> next = crowd.subList(batch * 50, (batch + 1) * 50);
                next.forEach(rig::insertPhotoForTest);
                ProductionRig.send(producer, next);
                sent.addAll(next);
                // A tenth of the crowd in all, among the photos sent so far, once they have their event
                // (erasures right behind their uploads: SteadyCrowdErasureITCase).
                List<String> live = sent.stream().map(p -> p.photoId).filter(id -> !erased.contains(id)).toList();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> rig.eventsOf(live).size() == live.size());
                List<String> labelled = new ArrayList<>(live);
                labelled.sort(null);
                for (int k = 0; k < 5 && !labelled.isEmpty(); k++) {
                    String id = labelled.remove(rnd.nextInt(labelled.size()));
                    erased.add(id);
                    rig.erase(producer, sent.stream().filter(p -> p.photoId.equals(id)).findFirst().orElseThrow());
                }
            }
            assertThat(erased).as("a tenth of the crowd").hasSize(30);
            ProductionRig.sendSentinels(producer, t0);

            List<Photo> survivors = crowd.stream().filter(p -> !erased.contains(p.photoId)).toList();
            Map<String, String> expected = LateRig.REFERENCE.cluster(survivors).eventOfPhoto();
            Map<String, Long> counts = expected.values().stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(rig.eventsOf(expected.keySet())).as("the survivors' events").isEqualTo(expected);
                Map<String, EventDoc> events = rig.events();
                assertThat(events.values()).as("no event named after an erased photo")
                        .noneMatch(d -> !d.isTombstone() && d.firstPhotoId != null && erased.contains(d.firstPhotoId));
                Map<String, Long> stored = new HashMap<>();
                counts.keySet().forEach(id -> stored.put(id, events.containsKey(id) && events.get(id).isClosed()
                        ? events.get(id).photoCount : -1));
                assertThat(stored).as("each closed event counts its survivors").isEqualTo(counts);
            });
            for (String id : erased) {
                assertThat(rig.hasPhoto(id)).isFalse();
            }
        } finally {
            job.cancel().get();
            rig.close();
        }
    }

}
