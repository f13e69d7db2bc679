package com.snapmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

class IndexPlannerTest {

    private static Document index(Document key) {
        return new Document("v", 2).append("key", key).append("name", "i").append("ns", "snapmap.photos");
    }

    @Test
    void plainSingleFieldIndexesBecomeHashIndexes() {
        assertThat(IndexPlanner.isPlain(index(new Document("clusterLabel", 1)))).isTrue();
        assertThat(IndexPlanner.isPlain(index(new Document("uploadedAt", -1)))).isTrue();
        assertThat(IndexPlanner.isPlain(index(new Document("eventId", 1.0)).append("sparse", true))).isTrue();
    }

    @Test
    void everyOtherKindKeepsTheLibrarysBehaviour() {
        assertThat(IndexPlanner.isPlain(index(new Document("location", "2dsphere")))).isFalse();
        assertThat(IndexPlanner.isPlain(index(new Document("location", "hashed")))).isFalse();
        assertThat(IndexPlanner.isPlain(index(new Document("cell", 1).append("takenAt", 1)))).isFalse();
        assertThat(IndexPlanner.isPlain(index(new Document("createdAt", 1)).append("expireAfterSeconds", 86400L))).isFalse();
        assertThat(IndexPlanner.isPlain(index(new Document("a", 1)).append("partialFilterExpression", new Document()))).isFalse();
        assertThat(IndexPlanner.isPlain(index(new Document("a", 1)).append("unique", true))).isFalse();
        assertThat(IndexPlanner.isPlain(index(new Document("a.b", 1)))).isFalse();
        assertThat(IndexPlanner.isPlain(index(new Document("a", 1)).append("ns", "snapmap.system.profile"))).isFalse();
    }
}
