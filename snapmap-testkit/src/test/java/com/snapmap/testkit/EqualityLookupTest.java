package com.snapmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EqualityLookupTest {

    private static Document query(String field, Object condition) {
        return new Document(field, condition).append("owner", new Document("$ne", "sweeper"));
    }

    @Test
    void plainEqualityPinsTheFieldWhateverElseTheQueryAsks() {
        assertThat(EqualityLookup.valuesFor(query("_id", "p1"), "_id")).containsExactly("p1");
        assertThat(EqualityLookup.valuesFor(new Document("_id", "p1"), "_id")).containsExactly("p1");
        Document guarded = new Document("_id", "p1")
                .append("mergedInto", new Document("$exists", false))
                .append("version", new Document("$lte", 7L))
                .append("owner", new Document("$ne", "sweeper"));
        assertThat(EqualityLookup.valuesFor(guarded, "_id")).containsExactly("p1");
    }

    @Test
    void aConjunctOfATopLevelAndPinsTheField() {
        Document and = new Document("$and", List.of(new Document("owner", new Document("$ne", "sweeper")),
                new Document("_id", "p1")));
        assertThat(EqualityLookup.valuesFor(and, "_id")).containsExactly("p1");
        assertThat(EqualityLookup.valuesFor(and, "clusterLabel")).isNull();
        Document or = new Document("$or", List.of(new Document("_id", "p1"), new Document("_id", "p2")));
        assertThat(EqualityLookup.valuesFor(or, "_id")).isNull();
    }

    @Test
    void eqAndInPinTheFieldToTheirValues() {
        assertThat(EqualityLookup.valuesFor(query("l", new Document("$eq", 3)), "l")).containsExactly(3);
        assertThat(EqualityLookup.valuesFor(query("l", new Document("$in", List.of("a", "b"))), "l"))
                .containsExactly("a", "b");
        assertThat(EqualityLookup.valuesFor(query("l", new Document("$in", List.of())), "l")).isEmpty();
    }

    @Test
    void scalarTypesWhoseEqualityIsPlainAreAccepted() {
        for (Object v : List.of("s", true, 1, 2L, 3.5, new ObjectId(), Instant.EPOCH, UUID.randomUUID())) {
            assertThat(EqualityLookup.valuesFor(query("f", v), "f")).containsExactly(v);
        }
    }

    @Test
    void anythingElseIsLeftToAScan() {
        assertThat(EqualityLookup.valuesFor(query("other", "x"), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", null), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", new Document("a", 1)), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", List.of(1, 2)), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", Pattern.compile("x")), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", new Document("$ne", 1)), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", new Document("$gte", 1)), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", new Document("$eq", null)), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", new Document("$in", Arrays.asList("a", null))), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", new Document("$in", List.of("a", List.of("b")))), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("f", new Document("$eq", 1).append("$ne", 2)), "f")).isNull();
        assertThat(EqualityLookup.valuesFor(query("a.b", 1), "a.b")).isNull();
    }
}
