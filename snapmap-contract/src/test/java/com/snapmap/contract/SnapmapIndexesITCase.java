package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.snapmap.testkit.MongoExtension;

/**
 * The gateway (which owns the idempotency TTL) and the job/sweeper (which do not) create the
 * indexes at start, in any order, over an empty database or one an older gateway prepared: the
 * result is one named index set, the TTL the gateway's.
 */
class SnapmapIndexesITCase {

    @RegisterExtension
    static final MongoExtension MONGO = new MongoExtension();

    private static final Duration GATEWAY_TTL = Duration.ofHours(6);

    private static List<String> afterGatewayThenJob(MongoDatabase db) {
        SnapmapIndexes.ensure(db, GATEWAY_TTL);
        SnapmapIndexes.ensure(db);
        return SnapmapIndexes.describe(db);
    }

    private static List<String> afterJobThenGateway(MongoDatabase db) {
        SnapmapIndexes.ensure(db);
        SnapmapIndexes.ensure(db, GATEWAY_TTL);
        return SnapmapIndexes.describe(db);
    }

    /** What the gateway created before the contract: the same keys under default names, no TTL. */
    private static void legacyGateway(MongoDatabase db) {
        db.getCollection("photos").createIndex(Indexes.ascending("cell", "takenAt"));
        db.getCollection("photos").createIndex(Indexes.ascending("uploadedAt"));
        db.getCollection("photos").createIndex(Indexes.ascending("eventId"));
        db.getCollection("events").createIndex(Indexes.ascending("cell", "endAt"));
        db.getCollection("idempotency").createIndex(Indexes.ascending("createdAt"), new IndexOptions());
    }

    @Test
    void bothOrdersGiveOneIdenticalNamedSet() {
        try (MongoClient client = MongoClients.create(MONGO.connectionString())) {
            List<String> a = afterGatewayThenJob(client.getDatabase("order-a"));
            List<String> b = afterJobThenGateway(client.getDatabase("order-b"));
            MongoDatabase legacy = client.getDatabase("legacy");
            legacyGateway(legacy);
            List<String> c = afterJobThenGateway(legacy);
            assertThat(a).isEqualTo(b).isEqualTo(c);
            assertThat(a).contains("idempotency.createdAt_ttl {\"createdAt\": 1} ttl=21600",
                    "photos.cell_takenAt {\"cell\": 1, \"takenAt\": 1}", "events.cell_endAt {\"cell\": 1, \"endAt\": 1}");
            // Every index but _id_ is one of ours, by name.
            assertThat(a.stream().filter(s -> !s.contains("._id_ ")).map(s -> s.split(" ")[0]).toList())
                    .containsExactlyInAnyOrderElementsOf(SnapmapIndexes.specs(GATEWAY_TTL).stream()
                            .map(s -> s.collection() + "." + s.name()).toList());
            // Running it again changes nothing.
            SnapmapIndexes.ensure(legacy, GATEWAY_TTL);
            assertThat(SnapmapIndexes.describe(legacy)).isEqualTo(c);
        }
    }

    @Test
    void theGatewaysTtlSettingIsApplied() {
        try (MongoClient client = MongoClients.create(MONGO.connectionString())) {
            MongoDatabase db = client.getDatabase("ttl");
            SnapmapIndexes.ensure(db);
            assertThat(SnapmapIndexes.describe(db)).contains("idempotency.createdAt_ttl {\"createdAt\": 1} ttl=86400");
            SnapmapIndexes.ensure(db, Duration.ofMinutes(30));
            assertThat(SnapmapIndexes.describe(db)).contains("idempotency.createdAt_ttl {\"createdAt\": 1} ttl=1800");
            SnapmapIndexes.ensure(db);
            assertThat(SnapmapIndexes.describe(db)).contains("idempotency.createdAt_ttl {\"createdAt\": 1} ttl=1800");
        }
    }
}
