package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.testkit.AzuriteExtension;
import com.snapmap.testkit.FreePorts;
import com.snapmap.testkit.KafkaExtension;
import com.snapmap.testkit.MongoExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GatewayMain's wiring from environment variables, against the real services. */
class GatewayMainITCase {

    @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();
    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();
    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    @Test
    void startsFromEnvironmentCreatesTheContainerAndServesAnUpload() throws Exception {
        KAFKA.broker().createTopics(1, "uploads-main");
        int port = FreePorts.next();
        GatewayMain.Settings settings = GatewayMain.settings(Map.of(
                        "GATEWAY_API_KEYS", ApiKeys.sha256Hex("k") + ":upload+read",
                        "GATEWAY_HOST", "127.0.0.1",
                        "GATEWAY_PORT", Integer.toString(port),
                        "AZURE_STORAGE_CONNECTION_STRING", AZURITE.connectionString(),
                        "AZURE_STORAGE_CONTAINER", "fresh-container",
                        "MONGO_URI", MONGO.connectionString() + "/maindb",
                        "KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                        "KAFKA_TOPIC", "uploads-main",
                        "GATEWAY_IDEMPOTENCY_TTL_SECONDS", "3600"));
        assertThat(settings.mongoDatabase()).isEqualTo("maindb");
        try (GatewayMain.Running running = GatewayMain.start(settings)) {
            // The contract's named index set, the idempotency TTL as configured.
            try (var client = com.mongodb.client.MongoClients.create(MONGO.connectionString())) {
                assertThat(com.snapmap.contract.SnapmapIndexes.describe(client.getDatabase("maindb")))
                        .contains("idempotency.createdAt_ttl {\"createdAt\": 1} ttl=3600", "photos.cell_takenAt {\"cell\": 1, \"takenAt\": 1}");
            }
            Http http = new Http("http://127.0.0.1:" + port);
            HttpResponse<String> r = http.send(http.raw("?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2", "k", TestImages.jpeg(60)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(r.body()).contains("/fresh-container/");
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                TopicPartition tp = new TopicPartition("uploads-main", 0);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    got.addAll(c.poll(Duration.ofMillis(200)).records(tp));
                    return !got.isEmpty();
                });
                assertThat(got).hasSize(1);
                assertThat(new UploadEventCodec().parse(got.get(0).value(), Instant.now()).lat).isEqualTo(1.0);
            }
        }
    }
}
