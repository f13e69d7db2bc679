package com.snapmap.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.geo.Geohash;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.prod.JobSettings;
import com.snapmap.job.prod.ProductionRig;
import com.snapmap.job.prod.ProductionStack;
import com.snapmap.sweeper.KafkaUploadRedriver;
import com.snapmap.sweeper.SweepReport;
import com.snapmap.sweeper.Sweeper;
import com.snapmap.sweeper.SweeperConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Upload events that never reached Kafka (the gateway wrote the photo, then Kafka was down): a
 * sweep re-drives them, the streaming job clusters them (its hot path, or its cold path for one
 * re-driven past the allowed lateness), and every photo ends with the eventId the reference
 * clusterer gives it. Photos the job had not written yet are re-driven too and change nothing.
 */
class SweeperRedriveITCase {

    @RegisterExtension
    static final ProductionStack STACK = new ProductionStack();

    private static SweepReport sweep(SweeperConfig config, Clock now) throws Exception {
        try (MongoClient client = MongoClients.create(STACK.mongo().connectionString());
                KafkaUploadRedriver redriver = new KafkaUploadRedriver(STACK.kafka().bootstrapServers(), "photo-uploads")) {
            return new Sweeper(client.getDatabase("madrid"), redriver, config, now).sweepOnce();
        }
    }

    private static long openEvents() {
        try (MongoClient client = MongoClients.create(STACK.mongo().connectionString())) {
            // The sentinels' own events stay open (nothing moves the watermark past them).
            long open = 0;
            for (Document d : client.getDatabase("madrid").getCollection(MongoSchema.EVENTS)
                    .find(new Document(MongoSchema.STATUS, MongoSchema.STATUS_OPEN))) {
                if (!String.valueOf(d.getString(MongoSchema.FIRST_PHOTO_ID)).startsWith("sentinel-")) {
                    open++;
                }
            }
            return open;
        }
    }

    @Test
    void missedUploadEventsAreRedrivenAndClustered() throws Exception {
        STACK.kafka().broker().createTopics(ProductionRig.PARTITIONS, "photo-uploads");
        STACK.kafka().broker().createTopics(1, "photo-uploads-dlq", "event-updates");
        List<Photo> photos = new CityStreamGenerator(40.42, -3.70, 800, 1_714_521_600_000L, 2 * 3_600_000L)
                .generate(5, 800, 0.7, "m");
        Clustering reference = new ReferenceClusterer(ClusteringConfig.defaults().linkRule()).cluster(photos);
        List<Photo> published = new ArrayList<>();
        try (MongoClient client = MongoClients.create(STACK.mongo().connectionString())) {
            var coll = client.getDatabase("madrid").getCollection(MongoSchema.PHOTOS);
            for (int i = 0; i < photos.size(); i++) {
                Photo p = photos.get(i);
                coll.insertOne(new Document(MongoSchema.ID, p.photoId) // what the gateway writes
                        .append(MongoSchema.LOCATION, new Document("type", "Point").append("coordinates", List.of(p.lon, p.lat)))
                        .append(MongoSchema.CELL, Geohash.encode(p.lat, p.lon, MongoSchema.PHOTO_CELL_PRECISION))
                        .append(MongoSchema.TAKEN_AT, new Date(p.takenAt))
                        .append(MongoSchema.UPLOADED_AT, new Date(p.takenAt + 1_000)));
                if (i % 5 != 0 && i != photos.size() - 1) {
                    published.add(p); // every fifth upload event was lost on its way to Kafka, and the last
                }
            }
        }
        JobSettings settings = ProductionRig.settings(STACK.kafka().broker(), STACK.mongo().connectionString(), "madrid", "madrid", "committed");
        try (KafkaProducer<byte[], byte[]> producer = ProductionRig.producer(STACK.kafka().broker())) {
            ProductionRig.send(producer, published);
            JobClient job = ProductionRig.start(settings, 2, null);
            await().atMost(Duration.ofMinutes(2)).until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "madrid").size() > 300);

            long last = photos.get(photos.size() - 1).takenAt;
            // A sweep at the time of the last upload: the lost photos uploaded a minute before or more.
            Clock now = Clock.fixed(Instant.ofEpochMilli(last), ZoneOffset.UTC);
            SweeperConfig config = SweeperConfig.of("madrid", Duration.ofMinutes(1));
            SweepReport first = sweep(config, now);
            assertThat(first.redriven).isPositive();

            ProductionRig.sendSentinels(producer, last); // the job closes every event
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> openEvents() == 0 && ProductionRig.eventIds(STACK.mongo().connectionString(), "madrid").size()
                            >= published.size());
            // The next scheduled run, a day later: the lost photos uploaded in the last minute (the
            // last photo among them) are re-driven now, far past the job's allowed lateness, and
            // its cold path clusters them against the closed events.
            SweepReport second = sweep(config, Clock.offset(now, Duration.ofDays(1)));
            System.out.println("sweeps: " + first + " / " + second);
            assertThat(second.redriven).isPositive();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(1000))
                    .conditionEvaluationListener(c -> System.err.println("DIFF " + com.snapmap.core.cluster.PartitionMetrics.differences(
                            ProductionRig.eventIds(STACK.mongo().connectionString(), "madrid"), reference.eventOfPhoto())))
                    .until(() -> ProductionRig.eventIds(STACK.mongo().connectionString(), "madrid").equals(reference.eventOfPhoto()));
            // Metrics reach the REST API on their own fetch interval: wait for the cold path's count.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(ProductionRig.jobMetric(STACK.miniCluster().getClientConfiguration(),
                            job.getJobID(), "coldPathAssigned")).isPositive());
            job.cancel().get();
        }
    }
}
